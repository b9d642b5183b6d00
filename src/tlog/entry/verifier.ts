/**
 * Verification material in proposed entries: the base64 of a PEM public key or X.509
 * certificate (reference section 3.5 point 2: base64 of the PEM text, not of the DER).
 *
 * Rekor stores the material's canonical value (sigstore/rekor pkg/pki/x509 CanonicalValue):
 * the PEM re-encoded from the DER, so two spellings of one key give one leaf.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { describeError } from '../../core/errors.js';
import {
  publicKeyFromCertificate,
  publicKeyFromDer,
  type PublicKey,
} from '../../core/keys/index.js';
import { encodePem, parsePemBlocks } from '../../core/pem.js';
import { entryError } from './errors.js';
import { MAX_VERIFIER_BYTES } from './limits.js';

export interface Verifier {
  readonly key: PublicKey;
  /** PEM of the key or certificate, re-encoded from its DER. */
  readonly canonicalPem: string;
}

/** Decodes and parses `base64Pem` (attacker-controlled); `what` names the field. */
export function parseVerifier(base64Pem: string, what: string): Verifier {
  if (base64Pem.length > (MAX_VERIFIER_BYTES * 4) / 3 + 4) {
    throw entryError('TLOG_ENTRY_TOO_LARGE', `${what} is larger than ${MAX_VERIFIER_BYTES} bytes`);
  }
  const fail = (problem: string, cause?: unknown) =>
    entryError('TLOG_ENTRY_VERIFIER_INVALID', `${what} ${problem}`, { cause });
  let pem: string;
  try {
    pem = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(base64Pem, what));
  } catch (error) {
    throw fail('is not the base64 of a UTF-8 PEM text', error);
  }
  let blocks;
  try {
    blocks = parsePemBlocks(pem, what);
  } catch (error) {
    throw fail(`is not PEM: ${describeError(error)}`, error);
  }
  if (blocks.length !== 1) {
    throw fail(`holds ${blocks.length} PEM blocks; send one public key or one certificate`);
  }
  const block = blocks[0]!;
  const canonicalPem = encodePem(block.type, block.der);
  try {
    switch (block.type) {
      case 'PUBLIC KEY':
        return { key: publicKeyFromDer(block.der, what), canonicalPem };
      case 'CERTIFICATE':
        return { key: publicKeyFromCertificate(canonicalPem, what), canonicalPem };
      default:
        throw fail(`holds a "${block.type}" block; expected PUBLIC KEY or CERTIFICATE`);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'TLOG_ENTRY_VERIFIER_INVALID') {
      throw error;
    }
    throw fail(`is not an accepted key: ${describeError(error)}`, error);
  }
}

/** The value stored in a canonical body: base64 of the canonical PEM. */
export function encodeVerifier(verifier: Verifier): string {
  return encodeBase64(new TextEncoder().encode(verifier.canonicalPem));
}
