/** Policy evaluation: one image against a compiled set, evidence injected. */
export { evaluate, type PolicySubject } from './evaluate.js';
export type { AttestationEnvelope, PolicyEvidence, SignatureSource } from './evidence.js';
export type { AuthorityFailure, Denial, Verdict } from './verdict.js';
