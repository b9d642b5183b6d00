/** Converts decisions to table rows and back. Lists are stored as JSON text. */
import type { Insertable, Selectable } from 'kysely';
import type { DecisionImagesTable, DecisionsTable } from './schema.js';
import type {
  DecisionInput,
  DecisionOutcome,
  DecisionRecord,
  DecisionSource,
  ImageEvidence,
} from './types.js';

type DecisionRow = Insertable<DecisionsTable>;
type ImageRow = Omit<Insertable<DecisionImagesTable>, 'decision_id'>;

export function toDecisionRows(input: DecisionInput): {
  decision: DecisionRow;
  images: ImageRow[];
} {
  return {
    decision: {
      time_ms: input.time.getTime(),
      source: input.source,
      outcome: input.outcome,
      namespace: input.namespace ?? null,
      kind: input.kind ?? null,
      name: input.name ?? null,
      operation: input.operation ?? null,
      policy_revision: input.policyRevision ?? null,
      duration_ms: input.durationMs ?? null,
      warnings: JSON.stringify(input.warnings),
      cluster: input.cluster ?? null,
      pipeline: input.pipeline ?? null,
      run: input.run ?? null,
    },
    images: input.images.map((image, position) => ({
      position,
      image: image.image,
      digest: image.digest ?? null,
      allowed: image.allowed ? 1 : 0,
      reasons: JSON.stringify(image.reasons),
      evidence: image.evidence === undefined ? null : JSON.stringify(image.evidence),
    })),
  };
}

/** `{ key: value }`, or nothing when the column holds null. */
export function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function fromDecisionRows(
  decisions: readonly Selectable<DecisionsTable>[],
  images: readonly Selectable<DecisionImagesTable>[],
): DecisionRecord[] {
  const byDecision = new Map<number, Selectable<DecisionImagesTable>[]>();
  for (const image of images) {
    const id = Number(image.decision_id);
    const list = byDecision.get(id);
    if (list === undefined) byDecision.set(id, [image]);
    else list.push(image);
  }
  return decisions.map((row) => {
    const id = Number(row.id);
    return {
      id,
      time: new Date(Number(row.time_ms)),
      source: row.source as DecisionSource,
      outcome: row.outcome as DecisionOutcome,
      ...optional('namespace', row.namespace),
      ...optional('kind', row.kind),
      ...optional('name', row.name),
      ...optional('operation', row.operation),
      ...optional('policyRevision', row.policy_revision),
      ...optional('durationMs', row.duration_ms),
      warnings: JSON.parse(row.warnings) as string[],
      ...optional('cluster', row.cluster),
      ...optional('pipeline', row.pipeline),
      ...optional('run', row.run),
      images: (byDecision.get(id) ?? []).map((image) => ({
        image: image.image,
        ...optional('digest', image.digest),
        allowed: image.allowed === 1,
        reasons: JSON.parse(image.reasons) as string[],
        ...optional(
          'evidence',
          image.evidence === null ? null : (JSON.parse(image.evidence) as ImageEvidence),
        ),
      })),
    };
  });
}
