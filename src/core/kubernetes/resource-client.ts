/**
 * The one client Signet uses to list and watch Kubernetes custom resources, through
 * `@kubernetes/client-node`: a list across all namespaces (or of a cluster-scoped
 * resource) with the collection's resourceVersion, a watch from that version (API
 * concepts, "Efficient detection of changes"), a read of one namespaced object and a JSON
 * merge patch (RFC 7386) of it. The library is loaded only when a client is made.
 *
 * Failures are thrown as the library raises them: each caller words them for its own
 * users (which resource, which RBAC rule, which manifest); kubernetesFailure() gives the
 * part they share, the HTTP status and Status message, never request headers.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../errors.js';

/** A custom resource as the API server serves it: /apis/{group}/{version}/{plural}. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

export interface ResourceListing {
  readonly items: readonly unknown[];
  readonly resourceVersion: string;
}

export type ResourceWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: unknown }
  | { readonly type: 'ERROR'; readonly code?: number; readonly message: string };

export interface ResourceWatch {
  /** Resolves when the server ends the stream, rejects when the connection fails. */
  readonly ended: Promise<void>;
  stop(): void;
}

export interface ResourceClient {
  list(type: ResourceType): Promise<ResourceListing>;
  watch(
    type: ResourceType,
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: ResourceWatchEvent) => void,
  ): ResourceWatch;
  /** The object as stored now; undefined when there is none (404). */
  get(type: ResourceType, namespace: string, name: string): Promise<unknown>;
  mergePatch(type: ResourceType, namespace: string, name: string, patch: object): Promise<void>;
}

/** `kubeconfigFile` for tests and explicit configs; otherwise $KUBECONFIG, ~/.kube/config or in-cluster. */
export async function kubernetesResourceClient(
  options: { kubeconfigFile?: string } = {},
): Promise<ResourceClient> {
  const k8s = await import('@kubernetes/client-node');
  const config: KubeConfig = new k8s.KubeConfig();
  if (options.kubeconfigFile === undefined) config.loadFromDefault();
  else config.loadFromFile(options.kubeconfigFile);
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  const watcher = new k8s.Watch(config);
  const at = ({ group, version, plural }: ResourceType) => ({ group, version, plural });
  return {
    async list(type) {
      const answer = (await custom.listClusterCustomObject(at(type))) as {
        metadata?: { resourceVersion?: string };
        items?: unknown[];
      };
      return { items: answer.items ?? [], resourceVersion: answer.metadata?.resourceVersion ?? '' };
    },
    watch(type, resourceVersion, timeoutSeconds, onEvent) {
      let controller: AbortController | undefined;
      let stopped = false;
      const ended = new Promise<void>((resolve, reject) => {
        watcher
          .watch(
            `/apis/${type.group}/${type.version}/${type.plural}`,
            { resourceVersion, timeoutSeconds, allowWatchBookmarks: true },
            (kind: string, object: unknown) => onEvent(watchEvent(kind, object)),
            // null when the stream ends; an Error (statusCode on a refused watch) when it fails.
            (error: Error | null | undefined) =>
              error === null || error === undefined || stopped ? resolve() : reject(error),
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
    async get(type, namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject({
          ...at(type),
          namespace,
          name,
        })) as unknown;
      } catch (error) {
        if (kubernetesFailure(error).code === 404) return undefined;
        throw error;
      }
    },
    async mergePatch(type, namespace, name, patch) {
      await custom.patchNamespacedCustomObject(
        { ...at(type), namespace, name, body: patch },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
    },
  };
}

function watchEvent(type: string, object: unknown): ResourceWatchEvent {
  if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK')
    return { type, object };
  const status = (object ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  return {
    type: 'ERROR',
    ...(typeof status.code === 'number' ? { code: status.code } : {}),
    message: `${typeof status.reason === 'string' ? `${status.reason}: ` : ''}${typeof status.message === 'string' ? status.message : type}`,
  };
}

/** HTTP status and Status message of a client-node failure (ApiException or watch error). */
export function kubernetesFailure(error: unknown): { code?: number; text: string } {
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
