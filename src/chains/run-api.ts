/**
 * Tekton v1 TaskRuns and PipelineRuns from the Kubernetes API: a list across
 * namespaces with the collection's resourceVersion, a watch from it (API concepts,
 * "Efficient detection of changes"), a read of one run, and a JSON merge patch (RFC 7386)
 * of its annotations, which touches no other field, all through Signet's one Kubernetes
 * resource client (core/kubernetes). Errors name the run kind and what to check.
 */
import {
  kubernetesFailure,
  kubernetesResourceClient,
  type ResourceListing,
  type ResourceType,
  type ResourceWatch,
  type ResourceWatchEvent,
} from '../core/kubernetes/resource-client.js';
import { chainsError } from './errors.js';
import type { RunKind } from './run-object.js';

const GROUP = 'tekton.dev';
const VERSION = 'v1';
const PLURALS: Readonly<Record<RunKind, string>> = {
  TaskRun: 'taskruns',
  PipelineRun: 'pipelineruns',
};

export interface RunApi {
  list(kind: RunKind): Promise<ResourceListing>;
  watch(
    kind: RunKind,
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: ResourceWatchEvent) => void,
  ): ResourceWatch;
  /** The run as stored now; undefined when it was deleted. */
  get(kind: RunKind, namespace: string, name: string): Promise<unknown>;
  /** Sets (string) or removes (null) annotations. */
  annotate(
    kind: RunKind,
    namespace: string,
    name: string,
    annotations: Readonly<Record<string, string | null>>,
  ): Promise<void>;
}

/** `kubeconfigFile` for tests and explicit configs; otherwise $KUBECONFIG, ~/.kube/config or in-cluster. */
export async function kubernetesRunApi(options: { kubeconfigFile?: string } = {}): Promise<RunApi> {
  const client = await kubernetesResourceClient(options);
  const at = (kind: RunKind): ResourceType => ({
    group: GROUP,
    version: VERSION,
    plural: PLURALS[kind],
  });
  return {
    async list(kind) {
      try {
        return await client.list(at(kind));
      } catch (error) {
        throw apiFailure(kind, 'listing', error);
      }
    },
    watch(kind, resourceVersion, timeoutSeconds, onEvent) {
      const watch = client.watch(at(kind), resourceVersion, timeoutSeconds, onEvent);
      return {
        ended: watch.ended.catch((error: unknown) => {
          throw apiFailure(kind, 'watching', error);
        }),
        stop: () => watch.stop(),
      };
    },
    async get(kind, namespace, name) {
      try {
        return await client.get(at(kind), namespace, name);
      } catch (error) {
        throw apiFailure(kind, `reading ${namespace}/${name}`, error);
      }
    },
    async annotate(kind, namespace, name, annotations) {
      try {
        await client.mergePatch(at(kind), namespace, name, { metadata: { annotations } });
      } catch (error) {
        throw apiFailure(kind, `annotating ${namespace}/${name}`, error);
      }
    },
  };
}

function apiFailure(kind: RunKind, verb: string, error: unknown) {
  const { code, text } = kubernetesFailure(error);
  const hint =
    code === 404
      ? `is the CustomResourceDefinition ${PLURALS[kind]}.${GROUP} installed?`
      : code === 401 || code === 403
        ? `the controller needs get, list, watch and patch on ${PLURALS[kind]} (deploy/chains/01-rbac.yaml)`
        : 'check that the API server is reachable from the controller';
  return chainsError('CHAINS_API_FAILED', `${verb} ${kind}s failed (${text}); ${hint}`, {
    cause: error,
    temporary: true,
  });
}
