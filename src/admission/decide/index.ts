/** The admission decision: namespace gate, per-image judgement, verdict cache, deadline. */
export { AdmissionDecider, type DeciderOptions, type DecisionObserver } from './decider.js';
export { answerReview, type AdmissionDecision, type SkipReason } from './review-answer.js';
export {
  deniedJudgement,
  wasVerified,
  type ImageJudgement,
  type JudgementSource,
} from './judgement.js';
export {
  staticKubernetesReader,
  type KubernetesReader,
  type KubernetesSecret,
  type StaticClusterContent,
} from './kubernetes-reader.js';
export {
  INCLUDE_LABEL,
  POLICY_CONTROLLER_INCLUDE_LABEL,
  namespaceIncluded,
} from './namespace-gate.js';
export type { RegistryOperation } from './registry-evidence.js';
export { DEFAULT_NEGATIVE_TTL_MS, type VerdictSource } from './verdict-cache.js';
export { LruCache } from './lru-cache.js';
export { SingleFlight } from './single-flight.js';
export { clusterKubernetesReader } from './cluster-reader.js';
