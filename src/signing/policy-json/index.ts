/**
 * containers policy.json (containers-policy.json(5)): strict parsing, compiling (keys
 * loaded once), and deciding whether a docker image is allowed, with one reason per
 * requirement. Pure apart from the injected key reader and signature provider.
 */
export { POLICY_JSON_ERRORS } from './errors.js';
export { MAX_POLICY_JSON_BYTES, parsePolicyJson } from './parse-policy.js';
export {
  compilePolicyJson,
  type CompileOptions,
  type CompiledPolicyJson,
  type CompiledRequirement,
} from './compile.js';
export {
  evaluatePolicyJson,
  type DockerImageEvidence,
  type ImageSignatures,
  type PolicyJsonDecision,
  type RequirementOutcome,
} from './evaluate.js';
export { requirementsForDockerImage, type AppliedRequirements } from './scope.js';
export { remapReference, signedIdentityMatches } from './identity-match.js';
export { policyJsonRejection } from './rejection.js';
export type {
  KeySource,
  PolicyJson,
  Requirement,
  RequirementList,
  SignedByKeyType,
  SignedIdentity,
} from './types.js';
