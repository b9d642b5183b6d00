/**
 * Verifies a containers-image simple signature: an OpenPGP Signed Message (RFC 4880 §11.3;
 * containers-signature(5) "MUST be a Signed Message") whose literal data is the atomic
 * container signature JSON. gpg and skopeo write it compressed (compressed data holding a
 * one-pass signature, the literal data and the signature); uncompressed is accepted too.
 *
 * Order follows the spec: the signature is authenticated against the trusted keys before
 * a byte of the payload is parsed. The signature bytes are attacker-controlled.
 */
import * as openpgp from 'openpgp';
import { describeError, isSignetError } from '../../core/errors.js';
import { gpgError } from './errors.js';
import { keyProblemAt } from './key-state.js';
import type { PublicKeys } from './keyring.js';
import { MAX_SIGNATURE_BYTES, VERIFY_CONFIG } from './openpgp-config.js';
import { parseSimpleSignaturePayload, type SimpleSignaturePayload } from './payload.js';
import { hasV3Signature } from './v3-message.js';
import { verifyV3SimpleSignature } from './v3-verify.js';
import { explainFailure, readSignedMessage } from './verify-failure.js';

export interface VerifySimpleSignatureOptions {
  /** The signature file (`signature-N`, a lookaside object): binary OpenPGP, untrusted. */
  readonly signature: Uint8Array;
  readonly keyring: PublicKeys;
  /**
   * The instant at which the signature and the key must be valid. Injected so that a
   * decision can be reproduced; callers at the edge pass the current time.
   */
  readonly now: Date;
  /** Names the signature in messages, for example `signature-2 of dir:/srv/app`. */
  readonly source?: string;
}

export interface VerifiedSimpleSignature {
  /** Primary-key fingerprint of the signer, upper-case hex (what policy.json and gpgme name). */
  readonly signerFingerprint: string;
  /** The key that made the signature: the primary key or one of its signing subkeys. */
  readonly signingKeyFingerprint: string;
  /** The signature's creation time (a hashed, signed field). */
  readonly signedAt: Date;
  readonly payload: SimpleSignaturePayload;
}

export async function verifySimpleSignature(
  options: VerifySimpleSignatureOptions,
): Promise<VerifiedSimpleSignature> {
  const { signature, keyring, now } = options;
  const source = options.source ?? 'GPG signature';
  const invalid = (reason: string, cause?: unknown) =>
    gpgError('GPG_SIGNATURE_INVALID', `${source} ${reason}; the image is not trusted`, { cause });
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('verifySimpleSignature needs `now`, a valid Date');
  }
  if (signature.byteLength === 0) throw invalid('is empty');
  if (signature.byteLength > MAX_SIGNATURE_BYTES) {
    throw invalid(`has ${signature.byteLength} bytes, more than ${MAX_SIGNATURE_BYTES}`);
  }

  // openpgp.js 6 cannot read v3 signature packets (RFC 4880 §5.2.2); GnuPG and
  // containers/image verify them, so Signet does with its own reader, under the same rules.
  if (
    hasV3Signature(signature, { maxDecompressedBytes: VERIFY_CONFIG.maxDecompressedMessageSize })
  ) {
    return verifyV3SimpleSignature({ signature, keyring, now, source });
  }
  const message = await readSignedMessage(signature, source);
  let result: openpgp.VerifyMessageResult<Uint8Array>;
  try {
    // Cast: a non-streamed message gives a Uint8Array; the typings only say "some stream".
    result = (await openpgp.verify({
      message,
      verificationKeys: [...keyring.keys],
      date: now,
      format: 'binary',
      config: VERIFY_CONFIG,
    })) as openpgp.VerifyMessageResult<Uint8Array>;
  } catch (error) {
    throw isSignetError(error)
      ? error
      : invalid(`cannot be verified: ${describeError(error)}`, error);
  }
  // gpgme reports one result per signature; containers/image accepts exactly one.
  if (result.signatures.length === 0) throw invalid('is not signed (only literal data)');
  if (result.signatures.length > 1) {
    throw invalid(`carries ${result.signatures.length} signatures; simple signing has exactly one`);
  }
  const outcome = result.signatures[0]!;
  const packet = (await outcome.signature).packets[0];
  if (packet === undefined) throw invalid('has a one-pass header but no signature packet');
  const key = keyring.keys.find((candidate) => candidate.getKeys(outcome.keyID).length > 0);
  if (key === undefined) {
    throw gpgError(
      'GPG_KEY_UNKNOWN',
      `${source} was made by key ID ${outcome.keyID.toHex().toUpperCase()}, which is not in the ` +
        "trusted keyring; add the signer's public key if it should be trusted",
    );
  }
  try {
    await outcome.verified;
  } catch (error) {
    throw await explainFailure({ error, packet, key, now, source });
  }
  // Binary documents are signed as binary (type 0x00): gpg --sign and skopeo write nothing else.
  if (packet.signatureType !== openpgp.enums.signature.binary) {
    throw invalid(
      `is a signature of type ${packet.signatureType}, not a binary-document signature`,
    );
  }
  const problem = await keyProblemAt(key, outcome.keyID, { now, config: VERIFY_CONFIG });
  if (problem !== undefined)
    throw await explainFailure({ error: problem, packet, key, now, source });

  const signingKey = key.getKeys(outcome.keyID)[0] as openpgp.PublicKey | openpgp.Subkey;
  // openpgp.js refuses v4+ signatures without a creation time, so this never fires.
  if (packet.created === null) throw invalid('has no creation time');
  return {
    signerFingerprint: key.getFingerprint().toUpperCase(),
    signingKeyFingerprint: signingKey.getFingerprint().toUpperCase(),
    signedAt: packet.created,
    payload: parseSimpleSignaturePayload(result.data, source),
  };
}
