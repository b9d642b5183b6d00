/**
 * Notary Project signatures (notaryproject/specifications v1.1): JWS and COSE envelopes,
 * signing schemes notary.x509 and notary.x509.signingAuthority, trust stores, trust
 * policy documents (version 1.0) and verification with per-check levels, stored as OCI
 * referrers. Pure parts (envelopes, trust policy, verification) take bytes and trust
 * material; registry-signatures.ts and trust-store-files.ts are the edges.
 */
export { NOTATION_ERRORS, VERIFICATION_CHECKS, type VerificationCheck } from './errors.js';
export {
  COSE_MEDIA_TYPE,
  ENVELOPE_MEDIA_TYPES,
  JWS_MEDIA_TYPE,
  SIGNING_SCHEMES,
  type EnvelopeFormat,
  type SignerInfo,
  type SigningScheme,
} from './envelope-types.js';
export { decodeEnvelope, checkIntegrity, MAX_ENVELOPE_BYTES } from './envelope.js';
export { signNotationEnvelope, type NotationEnvelope, type NotationSignRequest } from './sign.js';
export {
  NOTARY_SIGNATURE_ARTIFACT_TYPE,
  PAYLOAD_CONTENT_TYPE,
  type TargetArtifact,
} from './payload.js';
export { parseTrustPolicy, validateTrustPolicy, selectTrustPolicy } from './trust-policy.js';
export type {
  TrustPolicyDocument,
  TrustPolicyStatement,
  VerificationLevel,
} from './trust-policy-types.js';
export { memoryTrustStore, type TrustMaterial, type TrustStore } from './trust-store.js';
export {
  loadTrustMaterial,
  loadTrustStore,
  loadCrlFiles,
  certificatesFromFile,
} from './trust-store-files.js';
export { parseCrl } from './crl.js';
export {
  verifyNotationSignature,
  type CheckResult,
  type SignatureVerdict,
} from './verify-signature.js';
export {
  verifyImageSignatures,
  statementFor,
  type FetchedEnvelope,
  type ImageVerification,
  type ImageVerificationRequest,
} from './verify-image.js';
export {
  listNotationSignatures,
  pushNotationSignature,
  notationSignatureManifest,
  MAX_NOTATION_SIGNATURES,
  type ListedSignatures,
} from './registry-signatures.js';
export {
  issueCertificate,
  issueCrl,
  TEST_KEY_TYPES,
  type CertifiedKey,
  type TestKeyType,
} from './test-certificates.js';
export { verifyTimestamp } from './timestamp.js';
export { withTimestampToken } from './timestamp-header.js';
export { requestTimestamp } from './timestamp-client.js';
