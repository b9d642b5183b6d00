/**
 * Policy sources of the webhook that change while it runs: files and folders reloaded on
 * change, and ClusterImagePolicy, TrustRoot and SecurityPolicy objects listed and watched
 * through the Kubernetes API, united and compiled by the reloader, which hands each new
 * revision to the server.
 */
export {
  MAX_REPORTED_PROBLEMS,
  type PolicySnapshot,
  type PolicySource,
  type PolicySourceStatus,
} from './policy-source.js';
export {
  FilePolicySource,
  snapshotOf,
  type FilePolicySourceOptions,
} from './file-policy-source.js';
export {
  KubernetesPolicySource,
  type KubernetesPolicySourceOptions,
} from './kubernetes-policy-source.js';
export {
  SIGNET_POLICIES,
  SIGNET_SECURITY_POLICIES,
  SIGSTORE_POLICIES,
  SIGSTORE_TRUST_ROOTS,
  collectionName,
  kubernetesPolicyApi,
  type PolicyApi,
  type PolicyCollection,
  type PolicyListing,
  type PolicyWatch,
  type PolicyWatchEvent,
} from './kubernetes-policy-api.js';
export { validatePolicyObject, type ValidatedObject } from './policy-object.js';
export {
  PolicyReloader,
  type PolicyReloaderOptions,
  type PolicyStatus,
} from './policy-reloader.js';
