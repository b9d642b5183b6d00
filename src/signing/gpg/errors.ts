/**
 * Error codes of containers-image "simple signing" with OpenPGP (containers-signature(5)).
 * Every message names the signature (its file, or its position in an image's signature list)
 * and the reason, and says what to do.
 */
import { errorFactory } from '../../core/errors.js';

export const GPG_ERRORS = {
  GPG_KEYRING_INVALID: {
    category: 'config',
    summary:
      'A GPG keyring holds no usable OpenPGP public key, or is not OpenPGP data (armored or binary).',
  },
  GPG_SIGNING_KEY_INVALID: {
    category: 'config',
    summary:
      'A GPG private key cannot be read or unlocked (wrong passphrase), or has no usable signing key.',
  },
  GPG_SIGN_INPUT_INVALID: {
    category: 'usage',
    summary: 'The docker reference or manifest digest given for a GPG signature is malformed.',
  },
  GPG_SIGNATURE_INVALID: {
    category: 'verification',
    summary:
      'A GPG signature is not a signed OpenPGP message, is corrupt, or does not verify against its content.',
  },
  GPG_KEY_UNKNOWN: {
    category: 'verification',
    summary: 'A GPG signature was made by a key that is not in the trusted keyring.',
  },
  GPG_KEY_REVOKED: {
    category: 'verification',
    summary: 'A GPG signature was made by a key or subkey that has been revoked.',
  },
  GPG_KEY_EXPIRED: {
    category: 'verification',
    summary: 'A GPG signature was made by a key or subkey that has expired.',
  },
  GPG_SIGNATURE_EXPIRED: {
    category: 'verification',
    summary: 'A GPG signature has passed the expiration time it carries.',
  },
  GPG_UNSUPPORTED: {
    category: 'verification',
    summary:
      'A GPG signature uses an OpenPGP feature Signet does not verify (weak hashes such as MD5 and SHA-1, non-RSA v3 signatures, unknown algorithms).',
  },
  GPG_PAYLOAD_INVALID: {
    category: 'verification',
    summary:
      'The signed content of a GPG signature is not a valid "atomic container signature" JSON document.',
  },
  GPG_MANIFEST_INVALID: {
    category: 'verification',
    summary:
      'The digest of an image manifest cannot be computed (a malformed Docker schema 1 signature block).',
  },
  GPG_DIGEST_MISMATCH: {
    category: 'verification',
    summary: 'A GPG signature signs a different manifest digest than the image has.',
  },
  GPG_IDENTITY_MISMATCH: {
    category: 'verification',
    summary: 'A GPG signature was made for a different docker reference than the one expected.',
  },
} as const;

export const gpgError = errorFactory(GPG_ERRORS);
