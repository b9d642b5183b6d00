/**
 * SecurityPolicy (`signet.dev/v1alpha1`): Signet's policies for the CI gate and deploy
 * time, read with positions, compiled once and evaluated per image and stage over
 * evidence handed in. Pure: no file, network or process access.
 */
export {
  LIFECYCLE_STAGES,
  POLICY_SEVERITIES,
  SECURITY_POLICY_API_VERSION,
  SECURITY_POLICY_KIND,
  type Enforcement,
  type ImageCriterion,
  type LifecycleStage,
  type PolicyScope,
  type PolicySeverity,
  type ProvenanceCriterion,
  type SbomCriterion,
  type SecurityCriteria,
  type SecurityPolicyDocument,
  type VulnerabilityCriterion,
} from './types.js';
export {
  parseSecurityPolicyObject,
  parseSecurityPolicyYaml,
  type ParsedSecurityPolicies,
} from './parse.js';
export {
  compileSecurityPolicies,
  type CompiledSecurityPolicy,
  type CompiledSecurityPolicySet,
} from './compile.js';
export { provenanceCondition } from './provenance-condition.js';
export {
  applies,
  evaluateSecurityPolicies,
  type EvaluateOptions,
  type PolicyResult,
} from './evaluate.js';
export type {
  ImageConfigFacts,
  SbomFacts,
  SbomPackage,
  SecurityEvidence,
  SecuritySubject,
} from './evidence.js';
