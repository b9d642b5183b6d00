/**
 * Tekton v1 TaskRuns and PipelineRuns through `@kubernetes/client-node`: a list across
 * namespaces with the collection's resourceVersion, a watch from it (API concepts,
 * "Efficient detection of changes"), a read of one run, and a JSON merge patch (RFC 7386)
 * of its annotations, which touches no other field. The client library is loaded only
 * when the controller runs. Errors keep the HTTP status and Status message, never headers.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../core/errors.js';
import { chainsError } from './errors.js';
import type { RunKind } from './run-object.js';

const GROUP = 'tekton.dev';
const VERSION = 'v1';
const PLURALS: Readonly<Record<RunKind, string>> = {
  TaskRun: 'taskruns',
  PipelineRun: 'pipelineruns',
};

export type RunWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: unknown }
  | { readonly type: 'ERROR'; readonly code?: number; readonly message: string };

export interface RunWatch {
  /** Resolves when the server ends the stream, rejects when the connection fails. */
  readonly ended: Promise<void>;
  stop(): void;
}

export interface RunApi {
  list(kind: RunKind): Promise<{ items: readonly unknown[]; resourceVersion: string }>;
  watch(
    kind: RunKind,
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: RunWatchEvent) => void,
  ): RunWatch;
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
  const k8s = await import('@kubernetes/client-node');
  const config: KubeConfig = new k8s.KubeConfig();
  if (options.kubeconfigFile === undefined) config.loadFromDefault();
  else config.loadFromFile(options.kubeconfigFile);
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  const watcher = new k8s.Watch(config);
  const at = (kind: RunKind) => ({ group: GROUP, version: VERSION, plural: PLURALS[kind] });
  return {
    async list(kind) {
      let answer: { metadata?: { resourceVersion?: string }; items?: unknown[] };
      try {
        answer = (await custom.listClusterCustomObject(at(kind))) as typeof answer;
      } catch (error) {
        throw apiFailure(kind, 'listing', error);
      }
      return { items: answer.items ?? [], resourceVersion: answer.metadata?.resourceVersion ?? '' };
    },
    watch(kind, resourceVersion, timeoutSeconds, onEvent) {
      let controller: AbortController | undefined;
      let stopped = false;
      const ended = new Promise<void>((resolve, reject) => {
        watcher
          .watch(
            `/apis/${GROUP}/${VERSION}/${PLURALS[kind]}`,
            { resourceVersion, timeoutSeconds, allowWatchBookmarks: true },
            (type: string, object: unknown) => onEvent(watchEvent(type, object)),
            (error: unknown) =>
              error === null || error === undefined || stopped
                ? resolve()
                : reject(apiFailure(kind, 'watching', error)),
          )
          .then((c) => {
            controller = c;
            if (stopped) c.abort();
          }, reject);
      });
      return {
        ended,
        stop() {
          stopped = true;
          controller?.abort();
        },
      };
    },
    async get(kind, namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject({
          ...at(kind),
          namespace,
          name,
        })) as unknown;
      } catch (error) {
        if (kubernetesFailure(error).code === 404) return undefined;
        throw apiFailure(kind, `reading ${namespace}/${name}`, error);
      }
    },
    async annotate(kind, namespace, name, annotations) {
      try {
        await custom.patchNamespacedCustomObject(
          { ...at(kind), namespace, name, body: { metadata: { annotations } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      } catch (error) {
        throw apiFailure(kind, `annotating ${namespace}/${name}`, error);
      }
    },
  };
}

function watchEvent(type: string, object: unknown): RunWatchEvent {
  if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK')
    return { type, object };
  const status = (object ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  return {
    type: 'ERROR',
    ...(typeof status.code === 'number' ? { code: status.code } : {}),
    message: `${typeof status.reason === 'string' ? `${status.reason}: ` : ''}${typeof status.message === 'string' ? status.message : type}`,
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

/** HTTP status and Status message of a client-node failure (ApiException or watch error). */
function kubernetesFailure(error: unknown): { code?: number; text: string } {
  const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; body?: unknown };
  const code =
    typeof e.code === 'number'
      ? e.code
      : typeof e.statusCode === 'number'
        ? e.statusCode
        : undefined;
  if (code === undefined) return { text: describeError(error).slice(0, 200) };
  let message: unknown;
  try {
    const body: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    message = (body as { message?: unknown } | undefined)?.message;
  } catch {
    message = undefined; // a body that is not JSON says nothing more than the status
  }
  return {
    code,
    text: `HTTP ${code}${typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''}`,
  };
}
