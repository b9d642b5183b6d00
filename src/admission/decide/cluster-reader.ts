/**
 * The Kubernetes reader backed by the API server, through `@kubernetes/client-node`
 * (KubeConfig.loadFromDefault: $KUBECONFIG, ~/.kube/config or the in-cluster service
 * account; or an explicit kubeconfig file).
 * Answers are cached briefly: a rollout admits many pods of one namespace and service
 * account within seconds, and a label or secret change is seen within the TTL.
 * Errors keep only the HTTP status: the client's messages may quote response bodies.
 */
import { admissionError } from '../errors.js';
import type { KubernetesReader, KubernetesSecret } from './kubernetes-reader.js';
import { LruCache } from './lru-cache.js';

/** 30 s: the staleness policy-controller and Connaisseur accept for their caches. */
const CLUSTER_CACHE_TTL_MS = 30_000;
/** Namespaces, secrets and service accounts remembered; bounded for clusters with thousands. */
const CLUSTER_CACHE_ENTRIES = 4096;

export interface ClusterReaderOptions {
  /** A kubeconfig to load instead of the default search. */
  readonly kubeconfigFile?: string;
}

export async function clusterKubernetesReader(
  options: ClusterReaderOptions = {},
): Promise<KubernetesReader> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  if (options.kubeconfigFile === undefined) config.loadFromDefault();
  else config.loadFromFile(options.kubeconfigFile);
  const api = config.makeApiClient(k8s.CoreV1Api);
  const cache = new LruCache<string, Promise<unknown>>({ maxEntries: CLUSTER_CACHE_ENTRIES });

  const read = <T>(key: string, what: string, call: () => Promise<T>): Promise<T | undefined> => {
    const hit = cache.get(key) as Promise<T | undefined> | undefined;
    if (hit !== undefined) return hit;
    const promise = call().catch((error: unknown) => {
      const code =
        typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
      if (code === 404) return undefined;
      throw admissionError(
        'ADMISSION_KUBERNETES_READ_FAILED',
        `reading ${what} from the Kubernetes API failed${typeof code === 'number' ? ` with HTTP ${code}` : ''}; check the webhook's RBAC (deploy/01-rbac.yaml) and API server reachability`,
      );
    });
    cache.set(key, promise, CLUSTER_CACHE_TTL_MS);
    // A failed read must not be served from the cache: forget it once it fails.
    promise.catch(() => cache.delete(key));
    return promise;
  };

  return {
    namespaceLabels: (name) =>
      read(
        `ns ${name}`,
        `namespace ${name}`,
        async () => (await api.readNamespace({ name })).metadata?.labels ?? {},
      ),
    readSecret: (namespace, name) =>
      read(
        `secret ${namespace}/${name}`,
        `Secret ${namespace}/${name}`,
        async (): Promise<KubernetesSecret> => {
          const secret = await api.readNamespacedSecret({ namespace, name });
          return {
            metadata: { name, namespace },
            ...(secret.type === undefined ? {} : { type: secret.type }),
            ...(secret.data === undefined ? {} : { data: secret.data }),
          };
        },
      ),
    serviceAccountPullSecrets: (namespace, name) =>
      read(`sa ${namespace}/${name}`, `ServiceAccount ${namespace}/${name}`, async () => {
        const account = await api.readNamespacedServiceAccount({ namespace, name });
        return (account.imagePullSecrets ?? [])
          .map((s) => s.name)
          .filter((n): n is string => typeof n === 'string');
      }),
  };
}
