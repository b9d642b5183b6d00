/**
 * containers-image "simple signing" with OpenPGP (containers-signature(5)): the signatures
 * CRI-O, podman and skopeo verify at pull time. Load the trusted keys once with
 * `loadKeyring`, then `verifySimpleSignature` (cryptography, key state) and
 * `checkSimpleSignature` (manifest digest, identity) per signature.
 */
export { GPG_ERRORS } from './errors.js';
export {
  MAX_KEYRING_BYTES,
  MAX_KEYRING_KEYS,
  loadKeyring,
  type KeyringSource,
  type PublicKeys,
} from './keyring.js';
export {
  ATOMIC_SIGNATURE_TYPE,
  MAX_PAYLOAD_BYTES,
  buildSimpleSignaturePayload,
  parseSimpleSignaturePayload,
  type SimpleSignatureInput,
  type SimpleSignaturePayload,
} from './payload.js';
export { MAX_SIGNATURE_BYTES } from './openpgp-config.js';
export {
  verifySimpleSignature,
  type VerifiedSimpleSignature,
  type VerifySimpleSignatureOptions,
} from './verify.js';
export { checkSimpleSignature, type SimpleSignatureExpectation } from './check.js';
export {
  identityMatches,
  parseNamedReference,
  type IdentityRule,
  type NamedReference,
} from './identity.js';
export { containersManifestDigest } from './manifest-digest.js';
export {
  DEFAULT_CREATOR,
  signSimpleSignature,
  type SignSimpleSignatureOptions,
  type SimpleSignature,
} from './sign.js';
export {
  verifyImageSignatures,
  type SignatureOutcome,
  type VerifyImageSignaturesOptions,
} from './verify-image.js';
