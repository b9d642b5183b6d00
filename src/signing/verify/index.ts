/** cosign signature verification: pure, synchronous, built once and reused. */
export { VERIFY_ERRORS } from './errors.js';
export { findSigningKey, verifyCosignSignature } from './cosign-signature.js';
export {
  MAX_SIGNATURE_LAYERS,
  createVerifier,
  type Verifier,
  type VerifierOptions,
  type VerifyInput,
} from './verifier.js';
export {
  verdictOf,
  type LayerChecks,
  type LayerReason,
  type LayerResult,
  type LayerStatus,
  type Verdict,
  type VerificationCode,
  type VerificationResult,
} from './result.js';
export {
  compileTlogTrust,
  factsOf,
  type CompiledTlogTrust,
  type TlogEntryFacts,
  type TlogOutcome,
  type TlogTrust,
  type WindowedLogKey,
} from './tlog-trust.js';
export { verifyRekorBundleAnnotation, type SignedEvidence } from './rekor-bundle.js';
export { missingAnnotations } from './verify-layer.js';
