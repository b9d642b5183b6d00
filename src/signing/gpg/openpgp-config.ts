/**
 * The openpgp.js settings Signet verifies and signs with, in one place so that reading,
 * verifying and key-state checks agree.
 */
import * as openpgp from 'openpgp';
import { MAX_PAYLOAD_BYTES } from './payload.js';

/** containers/image bounds nothing; a signature file above this is hostile (as in containers-dir.ts). */
export const MAX_SIGNATURE_BYTES = 4 * 1024 * 1024;

/**
 * A complete configuration: openpgp.js key methods (getSigningKey, isRevoked) read fields
 * from the object they are given without merging defaults, unlike its top-level functions.
 */
export const VERIFY_CONFIG: openpgp.Config = Object.freeze({
  ...openpgp.config,
  // Fail closed: by default openpgp.js drops packets it cannot read, so a v3 signature packet
  // would silently vanish and the message would look unsigned. Raising keeps the reason.
  ignoreUnsupportedPackets: false,
  ignoreMalformedPackets: false,
  // RFC 9580 §10.3 message grammar: one literal body, signatures around it, nothing else.
  enforceGrammar: true,
  // A compressed packet expands before any signature is checked: bound it to the payload
  // bound plus room for the one-pass and signature packets around the literal data.
  maxDecompressedMessageSize: MAX_PAYLOAD_BYTES + 64 * 1024,
  // openpgp.js defaults kept on purpose: MD5/RIPEMD/SHA-1 message signatures, RSA below
  // 2047 bits, DSA and ElGamal keys are rejected (GnuPG still accepts some of these).
});
