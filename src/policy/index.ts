/**
 * The policy engine: ClusterImagePolicy documents (policy-controller's format) read and
 * validated with field paths and positions, compiled once, and evaluated per image with
 * injected evidence. Pure: no file, network or process access.
 */
export { POLICY_ERRORS } from './errors.js';
export {
  POLICY_API_VERSIONS,
  POLICY_HASHES,
  POLICY_KIND,
  SIGNATURE_FORMATS,
  type AttestationSpec,
  type AuthoritySpec,
  type KeySpec,
  type LabelSelector,
  type MatchRule,
  type NoMatchBehaviour,
  type PolicyDocument,
  type PolicyMode,
  type SignatureFormat,
  type SignatureSourceSpec,
} from './types.js';
export {
  DEFAULT_FULCIO_URL,
  type CaCertSpec,
  type IdentitySpec,
  type KeylessSpec,
  type TimestampSpec,
  type TlogSpec,
} from './keyless-types.js';
export { compileGoRegExp, type CompiledGoRegExp } from '../core/go-regexp.js';
export {
  DEFAULT_TRUSTED_ROOT_TARGET,
  DEFAULT_TUF_TARGETS,
  TRUST_ROOT_API_VERSION,
  TRUST_ROOT_KIND,
  type CertificateAuthoritySpec,
  type TransparencyLogSpec,
  type TrustRootDocument,
  type TrustRootSpec,
} from './trust-root-types.js';
export { formatProblem, hasErrors, type PolicyProblem, type ProblemSeverity } from './problems.js';
export {
  MAX_POLICY_TEXT,
  parsePolicyObject,
  parsePolicyYaml,
  type ParsedPolicies,
} from './parse-documents.js';
export { compileGlob, imageMatchName, GLOB_DOCKER_HUB } from './glob.js';
export {
  KNOWN_RESOURCES,
  policyAppliesTo,
  selectorMatches,
  type ResourceKind,
} from './match-resource.js';
export { resolvePredicateType } from './predicate-types.js';
export {
  compilePolicies,
  type CompiledIdentity,
  type CompiledPolicy,
  type CompiledPolicySet,
  type IdentityMatcher,
  type CompileOptions,
} from './compile.js';
export {
  evaluate,
  evidenceRequests,
  prejudge,
  signatureSourceOf,
  type EvidenceRequest,
  type AttestationEnvelope,
  type AuthorityFailure,
  type Denial,
  type PolicyEvidence,
  type PolicySubject,
  type Prejudgement,
  type SignatureEvidence,
  type SignatureSource,
  type StaticOutcome,
  type Verdict,
  type VerifiedAttestation,
  type VerifiedEvidence,
  type VerifiedSignature,
} from './evaluate/index.js';
export { bundleAttestations } from './evaluate/bundle-envelope.js';
