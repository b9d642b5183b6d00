/**
 * Verification of a simple signature whose signature packet is version 3 (RFC 4880 §5.2.2),
 * which GnuPG before 2.1 wrote and GnuPG and containers/image still verify. openpgp.js 6
 * refuses such packets, so `verifySimpleSignature` routes them here (hasV3Signature). Same
 * rules, same order and same error codes as the v4 path: key lookup (subkeys included),
 * binary-document type, time, cryptography, key state at `now` and at signing, then the
 * payload.
 */
import type * as openpgp from 'openpgp';
import type { SignetError } from '../../core/errors.js';
import { gpgError } from './errors.js';
import { keyProblemAt, type KeyProblem } from './key-state.js';
import type { PublicKeys } from './keyring.js';
import { VERIFY_CONFIG } from './openpgp-config.js';
import { PacketFormatError } from './packets.js';
import { parseSimpleSignaturePayload } from './payload.js';
import { readV3SignedMessage } from './v3-message.js';
import { checkV3Signature } from './v3-signature.js';
import type { VerifiedSimpleSignature } from './verify.js';
import { keyProblemError } from './verify-failure.js';

export interface V3VerifyOptions {
  /** The signature file, already bounded by the caller (MAX_SIGNATURE_BYTES); untrusted. */
  readonly signature: Uint8Array;
  readonly keyring: PublicKeys;
  readonly now: Date;
  readonly source: string;
}

export async function verifyV3SimpleSignature(
  options: V3VerifyOptions,
): Promise<VerifiedSimpleSignature> {
  const { keyring, now, source } = options;
  const invalid = (reason: string) =>
    gpgError('GPG_SIGNATURE_INVALID', `${source} ${reason}; the image is not trusted`);
  const { content, signature } = readMessage(options);

  const signer = findSigner(keyring, signature.issuerKeyID);
  if (signer === undefined) {
    throw gpgError(
      'GPG_KEY_UNKNOWN',
      `${source} was made by key ID ${signature.issuerKeyID.toUpperCase()}, which is not in the ` +
        "trusted keyring; add the signer's public key if it should be trusted",
    );
  }
  // gpg --sign and skopeo write binary-document signatures (0x00) only. Checked before the
  // hash because a text signature (0x01) hashes canonicalised line endings, not the bytes.
  if (signature.signatureType !== 0x00) {
    throw invalid(
      `is a signature of type ${signature.signatureType}, not a binary-document signature`,
    );
  }
  if (signature.created > now) {
    throw invalid(
      `was created at ${signature.created.toISOString()}, after the verification time ` +
        `${now.toISOString()}; check the signer's and this machine's clocks`,
    );
  }
  const { key, signingKey } = signer;
  const keyID = signingKey.getKeyID();
  const check = checkV3Signature(signature, content, {
    algorithm: signingKey.keyPacket.algorithm,
    params: signingKey.keyPacket.publicParams,
  });
  switch (check.kind) {
    case 'valid':
      break;
    case 'unsupported':
      throw gpgError(
        'GPG_UNSUPPORTED',
        `${source} is a v3 signature using ${check.reason} (as it would be in a v4 ` +
          'signature); re-sign the image with a current gpg or skopeo',
      );
    case 'invalid': {
      // As on the v4 path: a revoked or expired key is the better explanation of a failure.
      const problem = await keyProblemAt(key, keyID, { now, config: VERIFY_CONFIG });
      if (problem !== undefined) throw keyProblemError(problem, source);
      throw gpgError(
        'GPG_SIGNATURE_INVALID',
        `${source} does not verify against its content (${check.reason}); it is corrupt or forged`,
      );
    }
  }
  // The key must be good now (GnuPG's REVKEYSIG/EXPKEYSIG), as on the v4 path.
  const problem = await keyProblemAt(key, keyID, { now, config: VERIFY_CONFIG });
  if (problem !== undefined) throw keyProblemError(problem, source);
  // And when it signed, which openpgp.js checks for v4 signatures (a v4 failure there is
  // GPG_SIGNATURE_INVALID too): not before the key existed, not outside its validity.
  const then = await keyProblemAt(key, keyID, { now: signature.created, config: VERIFY_CONFIG });
  if (then !== undefined) {
    throw invalid(
      `was made at ${signature.created.toISOString()} by ${then.which}, which was not a valid ` +
        `signing key then (${PROBLEM_THEN[then.kind]})`,
    );
  }

  return {
    signerFingerprint: key.getFingerprint().toUpperCase(),
    signingKeyFingerprint: signingKey.getFingerprint().toUpperCase(),
    signedAt: signature.created,
    payload: parseSimpleSignaturePayload(content, source),
  };
}

function readMessage(options: V3VerifyOptions) {
  try {
    return readV3SignedMessage(options.signature, {
      maxDecompressedBytes: VERIFY_CONFIG.maxDecompressedMessageSize,
    });
  } catch (error) {
    throw error instanceof PacketFormatError ? packetError(error, options.source) : error;
  }
}

function packetError(error: PacketFormatError, source: string): SignetError {
  return error.unsupported
    ? gpgError('GPG_UNSUPPORTED', `${source} uses ${error.message}, which Signet does not read`)
    : gpgError(
        'GPG_SIGNATURE_INVALID',
        `${source} is not a valid signed OpenPGP message (${error.message}); the image is not trusted`,
      );
}

const PROBLEM_THEN: Record<KeyProblem['kind'], string> = {
  revoked: 'revoked',
  expired: 'expired',
  'not-for-signing': 'not yet created, not bound, or without the signing flag',
};

interface Signer {
  readonly key: openpgp.PublicKey;
  /** The primary key or the subkey whose key ID the signature names. */
  readonly signingKey: openpgp.PublicKey | openpgp.Subkey;
}

/** The first key or subkey with the issuer's 8-byte key ID, as on the v4 path. */
function findSigner(keyring: PublicKeys, issuerKeyID: string): Signer | undefined {
  for (const key of keyring.keys) {
    const signingKey = key
      .getKeys()
      .find((candidate) => candidate.getKeyID().toHex() === issuerKeyID);
    if (signingKey !== undefined) return { key, signingKey };
  }
  return undefined;
}
