/**
 * What the controller reads of a Tekton v1 TaskRun or PipelineRun (tekton.dev/v1): its
 * identity, whether it finished successfully (the `Succeeded` condition of knative's
 * status conventions, which Tekton runs carry), its annotations and its results. Objects
 * come from the API server, written by cluster users: every field is checked. Pure.
 */
import { chainsError } from './errors.js';

export type RunKind = 'TaskRun' | 'PipelineRun';

export interface RunObject {
  readonly kind: RunKind;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** `status.results` as `{name, value}` pairs, in order; value is a string, array or object. */
  readonly results: readonly { readonly name: string; readonly value: unknown }[];
  /** True, False or Unknown from the Succeeded condition; Unknown while running or absent. */
  readonly succeeded: 'True' | 'False' | 'Unknown';
  /** The object as read, for provenance. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** `TaskRun ns/name`: how messages and logs name a run. */
export function runName(run: Pick<RunObject, 'kind' | 'namespace' | 'name'>): string {
  return `${run.kind} ${run.namespace}/${run.name}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `kind` is the collection the object was read from: a list item carries no kind of its own. */
export function readRun(object: unknown, kind: RunKind): RunObject {
  if (!isRecord(object)) throw chainsError('CHAINS_RUN_INVALID', `a ${kind} is not an object`);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const text = (field: string) => {
    const value = metadata[field];
    if (typeof value !== 'string' || value === '')
      throw chainsError('CHAINS_RUN_INVALID', `a ${kind} has no metadata.${field}`);
    return value;
  };
  const status = isRecord(object.status) ? object.status : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return {
    kind,
    namespace: text('namespace'),
    name: text('name'),
    uid: text('uid'),
    resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '',
    annotations: Object.fromEntries(
      Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    results: Array.isArray(status.results)
      ? status.results
          .filter(isRecord)
          .filter((r) => typeof r.name === 'string')
          .map((r) => ({ name: r.name as string, value: r.value }))
      : [],
    succeeded: succeededCondition(status.conditions),
    raw: { ...object, kind, apiVersion: 'tekton.dev/v1' },
  };
}

function succeededCondition(conditions: unknown): RunObject['succeeded'] {
  if (!Array.isArray(conditions)) return 'Unknown';
  const condition = conditions.filter(isRecord).find((c) => c.type === 'Succeeded');
  const status = condition?.status;
  return status === 'True' || status === 'False' ? status : 'Unknown';
}
