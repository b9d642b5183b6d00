/**
 * Policy evaluation: one image against a compiled set, evidence injected; and, before the
 * image's digest is known, what its static authorities decide alone.
 */
export { evaluate, type PolicySubject } from './evaluate.js';
export { evidenceRequests, signatureSourceOf, type EvidenceRequest } from './evidence-requests.js';
export { prejudge, type Prejudgement, type StaticOutcome } from './prejudge.js';
export type {
  AttestationEnvelope,
  PolicyEvidence,
  SignatureEvidence,
  SignatureSource,
} from './evidence.js';
export type { AuthorityFailure, Denial, Verdict } from './verdict.js';
export {
  identitySigner,
  keySigner,
  MAX_VERIFIED_LISTED,
  mergeVerified,
  SIGNATURE_LAYOUTS,
  type VerifiedAttestation,
  type VerifiedEvidence,
  type VerifiedSignature,
} from './verified-evidence.js';
