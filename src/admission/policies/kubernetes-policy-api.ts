/**
 * ClusterImagePolicy, TrustRoot and SecurityPolicy collections read through Signet's one Kubernetes
 * resource client (core/kubernetes): a list (with the collection's resourceVersion) and a
 * watch from that version (API concepts, "Efficient detection of changes"). Errors keep
 * the HTTP status and the Status message, never request headers, and say what to check.
 */
import {
  kubernetesFailure,
  kubernetesResourceClient,
  type ResourceListing,
  type ResourceType,
  type ResourceWatch,
  type ResourceWatchEvent,
} from '../../core/kubernetes/resource-client.js';
import { admissionError } from '../errors.js';

export interface PolicyCollection {
  readonly group: string;
  readonly version: string;
  /** The resource read: ClusterImagePolicies (the default), TrustRoots or SecurityPolicies. */
  readonly resource?: 'clusterimagepolicies' | 'trustroots' | 'securitypolicies';
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

/**
 * Signet's SecurityPolicies (deploy/crds/securitypolicies.signet.dev.yaml), whose
 * deploy-stage policies the webhook evaluates after the ClusterImagePolicies.
 */
export const SIGNET_SECURITY_POLICIES: PolicyCollection = {
  group: 'signet.dev',
  version: 'v1alpha1',
  resource: 'securitypolicies',
};

const PLURAL = 'clusterimagepolicies';

const KINDS = {
  clusterimagepolicies: 'ClusterImagePolicy',
  trustroots: 'TrustRoot',
  securitypolicies: 'SecurityPolicy',
} as const;

/** The kind a collection holds, for messages and for validating its objects. */
export function kindOf(collection: PolicyCollection): (typeof KINDS)[keyof typeof KINDS] {
  return KINDS[pluralOf(collection)];
}

function pluralOf(collection: PolicyCollection): keyof typeof KINDS {
  return collection.resource ?? PLURAL;
}

export type PolicyListing = ResourceListing;
export type PolicyWatchEvent = ResourceWatchEvent;
export type PolicyWatch = ResourceWatch;

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
  return `${kindOf(collection)} ${collection.group}/${collection.version}`;
}

/** `kubeconfigFile` for tests and explicit configs; otherwise $KUBECONFIG, ~/.kube/config or in-cluster. */
export async function kubernetesPolicyApi(
  options: { kubeconfigFile?: string } = {},
): Promise<PolicyApi> {
  const client = await kubernetesResourceClient(options);
  const at = (collection: PolicyCollection): ResourceType => ({
    group: collection.group,
    version: collection.version,
    plural: pluralOf(collection),
  });
  return {
    async list(collection) {
      try {
        return await client.list(at(collection));
      } catch (error) {
        throw listFailure(collection, error);
      }
    },
    watch(collection, resourceVersion, timeoutSeconds, onEvent) {
      const watch = client.watch(at(collection), resourceVersion, timeoutSeconds, onEvent);
      return {
        ended: watch.ended.catch((error: unknown) => {
          throw listFailure(collection, error, 'watching');
        }),
        stop: () => watch.stop(),
      };
    },
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
