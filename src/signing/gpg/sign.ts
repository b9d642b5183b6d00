/**
 * Makes a containers-image simple signature: a binary OpenPGP signed message (one-pass
 * signature, literal data, v4 signature of type 0x00) over the atomic container signature
 * JSON. It is not compressed: gpg, skopeo and containers/image read compressed and
 * uncompressed messages alike, and leaving compression out avoids a decompression step
 * on every verifier.
 */
import * as openpgp from 'openpgp';
import { describeError } from '../../core/errors.js';
import { armoredText } from './armor.js';
import { gpgError } from './errors.js';
import { buildSimpleSignaturePayload } from './payload.js';

/** What containers/image writes as optional.creator: the signing implementation's name. */
export const DEFAULT_CREATOR = 'Signet';

export interface SignSimpleSignatureOptions {
  /** An OpenPGP private key or secret keyring, ASCII-armored or binary. Never logged. */
  readonly privateKey: string | Uint8Array;
  /** Unlocks a passphrase-protected key; ignored for an unprotected one. */
  readonly passphrase?: string;
  /** Chooses the key (primary-key fingerprint) when the key data holds several. */
  readonly fingerprint?: string;
  readonly dockerReference: string;
  readonly manifestDigest: string;
  readonly creator?: string;
  /** Unix seconds written to optional.timestamp; defaults to `now`. */
  readonly timestamp?: number;
  /** Signature and literal-data creation time; defaults to the current time. */
  readonly now?: Date;
}

export interface SimpleSignature {
  readonly signature: Uint8Array;
  /** Primary-key fingerprint of the signer, upper-case hex, for skopeo and policy.json. */
  readonly signerFingerprint: string;
}

export async function signSimpleSignature(
  options: SignSimpleSignatureOptions,
): Promise<SimpleSignature> {
  const now = options.now ?? new Date();
  const payload = buildSimpleSignaturePayload({
    dockerReference: options.dockerReference,
    manifestDigest: options.manifestDigest,
    creator: options.creator ?? DEFAULT_CREATOR,
    timestamp: options.timestamp ?? Math.floor(now.getTime() / 1000),
  });
  const key = await unlockedKey(options);
  try {
    const message = await openpgp.createMessage<Uint8Array>({
      binary: payload,
      format: 'binary',
      date: now,
    });
    // Cast: a non-streamed message signs to a Uint8Array; the typings only say "some stream".
    const signature = (await openpgp.sign({
      message,
      signingKeys: key,
      format: 'binary',
      date: now,
    })) as Uint8Array;
    return { signature, signerFingerprint: key.getFingerprint().toUpperCase() };
  } catch (error) {
    throw gpgError(
      'GPG_SIGNING_KEY_INVALID',
      `key ${key.getFingerprint().toUpperCase()} cannot sign at ${now.toISOString()}: ` +
        `${describeError(error)}; use a key that is valid, not revoked and allowed to sign`,
      { cause: error },
    );
  }
}

async function unlockedKey(options: SignSimpleSignatureOptions): Promise<openpgp.PrivateKey> {
  const invalid = (problem: string, cause?: unknown) =>
    gpgError('GPG_SIGNING_KEY_INVALID', `the GPG private key ${problem}`, { cause });
  let keys: openpgp.PrivateKey[];
  try {
    const text = armoredText(options.privateKey);
    keys =
      text !== undefined
        ? await openpgp.readPrivateKeys({ armoredKeys: text })
        : await openpgp.readPrivateKeys({ binaryKeys: options.privateKey as Uint8Array });
  } catch (error) {
    throw invalid(`cannot be read as an OpenPGP private key: ${describeError(error)}`, error);
  }
  const wanted = options.fingerprint?.toUpperCase();
  const chosen = keys.filter(
    (k) => wanted === undefined || k.getFingerprint().toUpperCase() === wanted,
  );
  if (chosen.length !== 1) {
    throw invalid(
      wanted === undefined
        ? `data holds ${keys.length} keys; choose one by fingerprint`
        : `data holds no key with fingerprint ${wanted}`,
    );
  }
  const key = chosen[0]!;
  if (key.isDecrypted()) return key;
  if (options.passphrase === undefined) {
    throw invalid(`${key.getFingerprint().toUpperCase()} is protected by a passphrase; provide it`);
  }
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase: options.passphrase });
  } catch (error) {
    throw invalid(
      `${key.getFingerprint().toUpperCase()} could not be unlocked: wrong passphrase`,
      error,
    );
  }
}
