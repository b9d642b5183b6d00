/**
 * `cosign sign-blob --key` / `verify-blob --key` compatible signatures over arbitrary
 * bytes: the signature is over the file itself (ECDSA hashes it with the curve's hash,
 * SHA-256 for P-256; RSA PKCS#1 v1.5 with SHA-256), printed as standard base64.
 *
 * Ed25519: cosign sign-blob signs pure Ed25519 when it does not upload to a log ("to
 * maintain backwards compatibility", cmd/cosign/cli/sign/sign_blob.go) and Ed25519ph when
 * it does, and `cosign verify-blob --key` checks pure Ed25519. Signet's sign-blob never
 * logs, so it signs pure Ed25519; verification accepts both forms.
 *
 * `signBlobBundle` writes the same signature as a Sigstore bundle (`cosign sign-blob
 * --bundle`), recording it first as a hashedrekord in a log when one is given.
 */
import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import {
  signData,
  verifySignature,
  type PrivateKey,
  type PublicKey,
} from '../../core/keys/index.js';
import { verifyCosignSignature } from '../verify/index.js';
import { hashedRekordProposal } from '../../tlog/client/index.js';
import {
  bundleKeyHint,
  encodeMessageSignatureBundle,
  transparencyLogEntryJson,
} from '../bundle/index.js';
import type { LoggedEntry, TransparencyLogWriter } from './transparency-log.js';

export function signBlob(key: PrivateKey, blob: Uint8Array): string {
  return encodeBase64(signData(key, blob, { ed25519: 'pure' }));
}

/**
 * The key the base64 `signature` of `blob` verifies with, or undefined. Surrounding
 * whitespace is ignored (signature files end with a newline); anything not base64 is
 * simply not a valid signature.
 */
export function verifyBlob(
  keys: readonly PublicKey[],
  blob: Uint8Array,
  signature: string,
): PublicKey | undefined {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(signature.trim(), 'blob signature');
  } catch {
    return undefined;
  }
  return keys.find(
    (key) =>
      verifyCosignSignature(key, blob, bytes) ||
      (key.kind === 'ed25519' && verifySignature(key, blob, bytes, { ed25519: 'pure' })),
  );
}

export interface BlobBundle {
  /** The bundle JSON, ready to write. */
  readonly bundle: Uint8Array;
  readonly tlogEntry?: LoggedEntry;
}

/**
 * Signs `blob` into a v0.3 message-signature bundle. ECDSA and RSA sign with SHA-256 for
 * every key size: the bundle's messageDigest is SHA2_256, and Sigstore verifiers check
 * the signature with that hash. With a log, Ed25519 signs the prehashed form (Ed25519ph),
 * as cosign does when it uploads: the log checks the signature against the digest alone.
 */
export async function signBlobBundle(
  key: PrivateKey,
  blob: Uint8Array,
  log?: TransparencyLogWriter,
): Promise<BlobBundle> {
  const signature = signData(key, blob, {
    hash: 'sha256',
    ed25519: log === undefined ? 'pure' : 'prehash',
  });
  const sha256 = new Uint8Array(createHash('sha256').update(blob).digest());
  const keyHint = bundleKeyHint(key.publicKey);
  if (log === undefined) {
    // cosign v3 leaves messageDigest empty for pure Ed25519, and then its own verify-blob
    // --trusted-root refuses the bundle ("message is missing artifact digest"); the file's
    // SHA-256 is written for every key, which it accepts.
    return { bundle: encodeMessageSignatureBundle({ sha256, signature, keyHint }) };
  }
  const { entryId, entry } = await log.createEntry(
    hashedRekordProposal({
      algorithm: 'sha256',
      digestHex: Buffer.from(sha256).toString('hex'),
      signature,
      publicKeyPem: key.publicKey.pem,
    }),
  );
  return {
    bundle: encodeMessageSignatureBundle({
      sha256,
      signature,
      keyHint,
      tlogEntries: [transparencyLogEntryJson(entry)],
    }),
    tlogEntry: {
      entryId,
      logIndex: entry.logIndex,
      integratedTime: entry.integratedTime,
      logId: entry.logID,
    },
  };
}
