/**
 * ClusterImagePolicy collections read through `@kubernetes/client-node`: a list (with the
 * collection's resourceVersion) and a watch from that version (API concepts, "Efficient
 * detection of changes"). The client library is loaded only when this source is used.
 * Errors keep the HTTP status and the Status reason and message, never request headers.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../../core/errors.js';
import { admissionError } from '../errors.js';

export interface PolicyCollection {
  readonly group: string;
  readonly version: string;
  /** The resource read: ClusterImagePolicies (the default) or TrustRoots. */
  readonly resource?: 'clusterimagepolicies' | 'trustroots';
}

/** Signet's own group (deploy/crds/); v1beta1 is served by the CRD alongside v1alpha1. */
export const SIGNET_POLICIES: PolicyCollection = { group: 'policy.signet.dev', version: 'v1beta1' };
/** policy-controller's group, read with --watch-sigstore-policies. */
export const SIGSTORE_POLICIES: PolicyCollection = {
  group: 'policy.sigstore.dev',
  version: 'v1beta1',
};

/**
 * policy-controller's TrustRoots (trustroot_types.go), which keyless authorities name by
 * `trustRootRef`. Optional: a cluster without the CRD simply has none.
 */
export const SIGSTORE_TRUST_ROOTS: PolicyCollection = {
  group: 'policy.sigstore.dev',
  version: 'v1alpha1',
  resource: 'trustroots',
};

const PLURAL = 'clusterimagepolicies';

function pluralOf(collection: PolicyCollection): string {
  return collection.resource ?? PLURAL;
}

export interface PolicyListing {
  readonly items: readonly unknown[];
  readonly resourceVersion: string;
}

export type PolicyWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: unknown }
  | { readonly type: 'ERROR'; readonly code?: number; readonly message: string };

export interface PolicyWatch {
  /** Resolves when the server ends the stream, rejects when the connection fails. */
  readonly ended: Promise<void>;
  stop(): void;
}

export interface PolicyApi {
  list(collection: PolicyCollection): Promise<PolicyListing>;
  watch(
    collection: PolicyCollection,
    resourceVersion: string,
    timeoutSeconds: number,
    onEvent: (event: PolicyWatchEvent) => void,
  ): PolicyWatch;
}

export function collectionName(collection: PolicyCollection): string {
  const kind = pluralOf(collection) === 'trustroots' ? 'TrustRoot' : 'ClusterImagePolicy';
  return `${kind} ${collection.group}/${collection.version}`;
}

/** `kubeconfigFile` for tests and explicit configs; otherwise $KUBECONFIG, ~/.kube/config or in-cluster. */
export async function kubernetesPolicyApi(
  options: { kubeconfigFile?: string } = {},
): Promise<PolicyApi> {
  const k8s = await import('@kubernetes/client-node');
  const config: KubeConfig = new k8s.KubeConfig();
  if (options.kubeconfigFile === undefined) config.loadFromDefault();
  else config.loadFromFile(options.kubeconfigFile);
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  const watcher = new k8s.Watch(config);
  return {
    async list(collection) {
      let answer: { metadata?: { resourceVersion?: string }; items?: unknown[] };
      try {
        answer = (await custom.listClusterCustomObject({
          group: collection.group,
          version: collection.version,
          plural: pluralOf(collection),
        })) as typeof answer;
      } catch (error) {
        throw listFailure(collection, error);
      }
      return { items: answer.items ?? [], resourceVersion: answer.metadata?.resourceVersion ?? '' };
    },
    watch(collection, resourceVersion, timeoutSeconds, onEvent) {
      let controller: AbortController | undefined;
      let stopped = false;
      const ended = new Promise<void>((resolve, reject) => {
        watcher
          .watch(
            `/apis/${collection.group}/${collection.version}/${pluralOf(collection)}`,
            { resourceVersion, timeoutSeconds, allowWatchBookmarks: true },
            (type: string, object: unknown) => onEvent(watchEvent(type, object)),
            (error: unknown) =>
              error === null || error === undefined || stopped
                ? resolve()
                : reject(listFailure(collection, error, 'watching')),
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
  };
}

function watchEvent(type: string, object: unknown): PolicyWatchEvent {
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
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  if (code === undefined) return { text: describeError(error).slice(0, 200) };
  return {
    code,
    text: `HTTP ${code}${typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''}`,
  };
}

function listFailure(collection: PolicyCollection, error: unknown, verb = 'listing') {
  const { code, text } = kubernetesFailure(error);
  const plural = pluralOf(collection);
  const hint =
    code === 404
      ? `is the CustomResourceDefinition ${plural}.${collection.group} installed (kubectl apply -f deploy/crds/)?`
      : code === 401 || code === 403
        ? `the webhook needs get, list and watch on ${plural} (deploy/01-rbac.yaml)`
        : 'check that the API server is reachable from the webhook';
  return admissionError(
    'ADMISSION_POLICY_SOURCE_FAILED',
    `${verb} ${collectionName(collection)} failed (${text}); ${hint}`,
    { details: { status: code ?? null } },
  );
}
