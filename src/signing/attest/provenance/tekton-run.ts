/**
 * Provenance of a Tekton v1 TaskRun or PipelineRun (tekton.dev/v1), shaped as Tekton
 * Chains' slsa/v2alpha3 format does it (docs/slsa-provenance.md of tektoncd/chains):
 * the run's spec as external parameters, the step images and the source (type-hinted
 * `CHAINS-GIT_URL`/`CHAINS-GIT_COMMIT` params or results) as resolved dependencies, the
 * run's results as byproducts, its UID and start/completion times as metadata. The run is
 * JSON read from the API server or a file: every field is checked before use. Pure.
 */
import { encodeBase64 } from '../../../core/base64.js';
import { isRecord } from '../../intoto/index.js';
import { gitDependency, type ProvenanceInput, type ResourceDescriptor } from './predicate.js';

export const TEKTON_BUILD_TYPE = 'https://tekton.dev/chains/v2/slsa';
export const TEKTON_BUILDER_ID = 'https://tekton.dev/chains/v2';

export function provenanceFromTektonRun(
  run: unknown,
  what: string,
): { input: ProvenanceInput } | { problem: string } {
  if (!isRecord(run)) return { problem: `${what} is not a JSON object` };
  const kind = run.kind;
  if (kind !== 'TaskRun' && kind !== 'PipelineRun')
    return { problem: `${what}: kind must be TaskRun or PipelineRun, got ${JSON.stringify(kind)}` };
  const metadata = isRecord(run.metadata) ? run.metadata : {};
  const spec = isRecord(run.spec) ? run.spec : {};
  const status = isRecord(run.status) ? run.status : {};
  const params = namedValues(spec.params);
  const results = namedValues(kind === 'TaskRun' ? status.results : status.results);
  const sourceUrl = stringOf(params['CHAINS-GIT_URL'] ?? results['CHAINS-GIT_URL']);
  const sourceCommit = stringOf(params['CHAINS-GIT_COMMIT'] ?? results['CHAINS-GIT_COMMIT']);
  const dependencies: ResourceDescriptor[] = [...stepImages(status.steps)];
  if (sourceUrl !== undefined) dependencies.push(gitDependency(sourceUrl, sourceCommit));
  const byproducts = Object.entries(results).map(([name, value]) => ({
    name: `${kind === 'TaskRun' ? 'taskRunResults' : 'pipelineRunResults'}/${name}`,
    mediaType: 'application/json',
    content: encodeBase64(new TextEncoder().encode(JSON.stringify(value))),
  }));
  return {
    input: {
      buildType: TEKTON_BUILD_TYPE,
      builderId: TEKTON_BUILDER_ID,
      externalParameters: { runSpec: spec },
      internalParameters: {},
      resolvedDependencies: dependencies,
      ...(typeof metadata.uid === 'string' ? { invocationId: metadata.uid } : {}),
      ...(typeof status.startTime === 'string' ? { startedOn: status.startTime } : {}),
      ...(typeof status.completionTime === 'string' ? { finishedOn: status.completionTime } : {}),
      byproducts,
    },
  };
}

/** `[{name, value}]` (params and results alike) as a map; malformed entries are skipped. */
function namedValues(list: unknown): Record<string, unknown> {
  if (!Array.isArray(list)) return {};
  return Object.fromEntries(
    list
      .filter(isRecord)
      .filter((e) => typeof e.name === 'string')
      .map((e) => [e.name as string, e.value]),
  );
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `status.steps[].imageID` ("registry/repo@sha256:hex", or docker-pullable:// prefixed). */
function stepImages(steps: unknown): ResourceDescriptor[] {
  if (!Array.isArray(steps)) return [];
  const out: ResourceDescriptor[] = [];
  for (const step of steps.filter(isRecord)) {
    const id = stringOf(step.imageID)?.replace(/^docker-pullable:\/\//, '');
    const match = id === undefined ? null : /^(.+)@sha256:([0-9a-f]{64})$/.exec(id);
    if (match === null) continue;
    out.push({ uri: `oci://${match[1]}`, digest: { sha256: match[2]! } });
  }
  return out;
}
