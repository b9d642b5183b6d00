/**
 * The pipeline between the registry and the policy engine: evidence gathered from a
 * registry for the engine (which never fetches by itself), shared by policy test, the
 * webhook and the CI gate; the image resolved to its digest; ClusterImagePolicy verdicts for
 * `signet policy test`.
 */
export {
  registryEvidence,
  type RegistryEvidenceOptions,
  type RegistryOperation,
} from './registry-evidence.js';
export { gatherSecurityEvidence, type SecurityEvidenceOptions } from './security-evidence.js';
export { resolveImage, type ResolvedImage } from './resolve-image.js';
export { clusterImageVerdict, type ClusterImageTarget } from './cluster-image-verdict.js';
