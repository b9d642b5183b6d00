/**
 * The violations of a decision. A CI check report states them (policy, severity,
 * rationale, remediation); an admission or Gatekeeper decision states only reasons, one
 * sentence per failing policy in the words of policy/evaluate/verdict.ts, so there each
 * reason becomes one violation and the policy is read back from the sentence.
 */
import type { Insertable, Selectable } from 'kysely';
import { optional } from './rows.js';
import type { ViolationsTable } from './schema-violations.js';
import type {
  DecisionInput,
  DecisionSource,
  Severity,
  ViolationAction,
  ViolationInput,
  ViolationRecord,
} from './types.js';

/** Reasons that name no policy (an image no policy covers, a malformed reference). */
export const UNNAMED_POLICY = '(no policy)';

/** `... policy "NAME": ...` or `... policy "NAME" (mode warn, ...)`. */
const POLICY_IN_REASON = /policy "([^"]{1,253})"/;
const WARN_MODE = /\(mode warn/;

export function violationsOf(input: DecisionInput): readonly ViolationInput[] {
  if (input.violations !== undefined) return input.violations;
  return input.images.flatMap((image) =>
    image.reasons.map((reason) => {
      const action: ViolationAction = image.allowed || WARN_MODE.test(reason) ? 'warned' : 'denied';
      return {
        image: image.image,
        ...(image.digest === undefined ? {} : { digest: image.digest }),
        policy: POLICY_IN_REASON.exec(reason)?.[1] ?? UNNAMED_POLICY,
        action,
        enforced: action === 'denied',
        messages: [reason],
        categories: [],
      };
    }),
  );
}

type ViolationRow = Insertable<ViolationsTable>;

export function toViolationRows(
  input: DecisionInput,
  decisionId: number,
  violations: readonly ViolationInput[],
): ViolationRow[] {
  const workload =
    input.kind !== undefined && input.name !== undefined ? `${input.kind}/${input.name}` : null;
  return violations.map((v) => ({
    decision_id: decisionId,
    time_ms: input.time.getTime(),
    source: input.source,
    action: v.action,
    severity: v.severity ?? null,
    policy: v.policy,
    image: v.image,
    digest: v.digest ?? null,
    cluster: input.cluster ?? null,
    namespace: input.namespace ?? null,
    workload,
    pipeline: input.pipeline ?? null,
    run: input.run ?? null,
    enforced: v.enforced ? 1 : 0,
    message: v.messages[0] ?? '',
    messages: JSON.stringify(v.messages),
    description: v.description ?? null,
    rationale: v.rationale ?? null,
    remediation: v.remediation ?? null,
    categories: JSON.stringify(v.categories),
  }));
}

export function fromViolationRow(row: Selectable<ViolationsTable>): ViolationRecord {
  return {
    id: Number(row.id),
    decisionId: Number(row.decision_id),
    time: new Date(Number(row.time_ms)),
    source: row.source as DecisionSource,
    action: row.action as ViolationAction,
    ...optional('severity', row.severity as Severity | null),
    policy: row.policy,
    image: row.image,
    ...optional('digest', row.digest),
    ...optional('cluster', row.cluster),
    ...optional('namespace', row.namespace),
    ...optional('workload', row.workload),
    ...optional('pipeline', row.pipeline),
    ...optional('run', row.run),
    enforced: Number(row.enforced) === 1,
    messages: JSON.parse(row.messages) as string[],
    ...optional('description', row.description),
    ...optional('rationale', row.rationale),
    ...optional('remediation', row.remediation),
    categories: JSON.parse(row.categories) as string[],
  };
}
