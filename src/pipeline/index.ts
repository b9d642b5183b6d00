/**
 * The pipeline between the registry and the policy engine: evidence gathered from a
 * registry for the engine (which never fetches by itself), shared by policy test, the
 * webhook and the coming CI gate.
 */
export {
  registryEvidence,
  type RegistryEvidenceOptions,
  type RegistryOperation,
} from './registry-evidence.js';
export { gatherSecurityEvidence, type SecurityEvidenceOptions } from './security-evidence.js';
