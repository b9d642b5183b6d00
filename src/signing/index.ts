/**
 * The signing layer's public surface for the policy engine, the admission webhook and the
 * CLI: sign images, fetch their signatures in both layouts, verify them with keys parsed
 * once (`createImageVerifier`, then `verifyImage` per image).
 */
export {
  signImage,
  signBlob,
  verifyBlob,
  type SignImageOptions,
  type SignedImage,
  type SignatureLayout,
  type LoggedEntry,
  type TransparencyLogWriter,
} from './sign/index.js';
export type { TlogEntryFacts, TlogTrust, WindowedLogKey } from './verify/index.js';
export {
  createImageVerifier,
  encodeCosignSignatureLines,
  encodeSignatureSet,
  fetchSignatures,
  fetchSignatureBundles,
  fetchLegacySignatures,
  imageVerificationError,
  parseSignatureFile,
  parseSignatureSet,
  verifyImage,
  type FetchSignaturesOptions,
  type ImageVerification,
  type ImageVerifier,
  type ImageVerifierOptions,
  type SignatureLocation,
  type SignatureOutcome,
  type SignatureSet,
  type VerifiedImage,
  type VerifyImageOptions,
} from './remote/index.js';
