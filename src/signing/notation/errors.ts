/**
 * Error codes of Notary Project signatures (notaryproject/specifications: signature
 * envelopes, trust store and trust policy). Every verification message names the image and
 * the check that failed (integrity, authenticity, authenticTimestamp, expiry, revocation),
 * as `notation verify` reports them, and says what to do.
 */
import { errorFactory } from '../../core/errors.js';

export const NOTATION_ERRORS = {
  NOTATION_ENVELOPE_INVALID: {
    category: 'verification',
    summary:
      'A Notary Project signature envelope (JWS or COSE) is malformed: bad encoding, missing or unknown critical headers, wrong content type or unreadable payload.',
  },
  NOTATION_CERTIFICATE_INVALID: {
    category: 'verification',
    summary:
      'A certificate in a Notary Project signature, trust store or signing command is malformed or not fit for code signing (key usage, key size, CA flag).',
  },
  NOTATION_VERIFICATION_FAILED: {
    category: 'verification',
    summary:
      'A Notary Project signature failed a trust policy check (integrity, authenticity, authenticTimestamp, expiry or revocation).',
  },
  NOTATION_SIGNATURE_NOT_FOUND: {
    category: 'verification',
    summary: 'An image has no Notary Project signature among its referrers.',
  },
  NOTATION_TRUST_POLICY_INVALID: {
    category: 'config',
    summary:
      'A Notary Project trust policy document is invalid (version, names, registry scopes, verification levels, trust stores, trusted identities).',
  },
  NOTATION_NO_TRUST_POLICY: {
    category: 'config',
    summary: 'No statement of the trust policy applies to the image (its registry scope).',
  },
  NOTATION_TRUST_STORE_INVALID: {
    category: 'config',
    summary:
      'A Notary Project trust store named by the trust policy is missing, empty or holds unreadable certificates.',
  },
  NOTATION_CRL_INVALID: {
    category: 'config',
    summary: 'A certificate revocation list given to Notary Project verification is unreadable.',
  },
  NOTATION_SIGN_INPUT_INVALID: {
    category: 'usage',
    summary:
      'A Notary Project signing request is unusable: key and certificate do not match, unsupported key type or size, bad expiry.',
  },
  NOTATION_TSA_FAILED: {
    category: 'registry',
    summary:
      'A timestamp authority (RFC 3161) could not be reached, refused the request or answered with something other than a granted timestamp token.',
  },
} as const;

export const notationError = errorFactory(NOTATION_ERRORS);

/** The trust policy checks, in the order the specification runs them. */
export const VERIFICATION_CHECKS = [
  'integrity',
  'authenticity',
  'authenticTimestamp',
  'expiry',
  'revocation',
] as const;
export type VerificationCheck = (typeof VERIFICATION_CHECKS)[number];
