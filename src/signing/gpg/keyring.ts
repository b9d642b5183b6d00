/**
 * Trusted OpenPGP public keys for simple-signing verification, loaded once ("create once,
 * verify many"). Accepts what policy.json `signedBy` accepts as `keyPath(s)`/`keyData`:
 * binary keyrings (`gpg --export`, `pubring.gpg`, several keys in a row) and ASCII-armored
 * key blocks, as containers/image's importKeysFromBytes does.
 */
import * as openpgp from 'openpgp';
import { describeError } from '../../core/errors.js';
import { armoredText } from './armor.js';
import { gpgError } from './errors.js';

/** A keyring file with more is not a set of trust anchors but a key server dump. */
export const MAX_KEYRING_BYTES = 16 * 1024 * 1024;
export const MAX_KEYRING_KEYS = 1000;

export type KeyringSource =
  string | Uint8Array | { readonly name: string; readonly data: string | Uint8Array };

export interface PublicKeys {
  readonly keys: readonly openpgp.PublicKey[];
  /** Primary-key fingerprints, upper-case hex as gpgme reports them. */
  readonly fingerprints: readonly string[];
}

const ARMOR_BLOCK =
  /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

/**
 * Reads every key of every source. The same key given twice (or in two files) is merged,
 * so that a revocation certificate shipped in either copy takes effect, as `gpg --import` does.
 * Private keys are reduced to their public part.
 */
export async function loadKeyring(sources: readonly KeyringSource[]): Promise<PublicKeys> {
  const byFingerprint = new Map<string, openpgp.PublicKey>();
  for (const [index, source] of sources.entries()) {
    const { name, data } =
      typeof source === 'object' && !(source instanceof Uint8Array)
        ? source
        : { name: `keyring source ${index + 1}`, data: source };
    for (const key of await readSource(name, data)) {
      const fingerprint = key.getFingerprint().toUpperCase();
      const known = byFingerprint.get(fingerprint);
      byFingerprint.set(fingerprint, known === undefined ? key : await known.update(key));
      if (byFingerprint.size > MAX_KEYRING_KEYS) {
        throw gpgError('GPG_KEYRING_INVALID', `the keyring has more than ${MAX_KEYRING_KEYS} keys`);
      }
    }
  }
  if (byFingerprint.size === 0) {
    throw gpgError(
      'GPG_KEYRING_INVALID',
      'no OpenPGP public key was given: configure at least one',
    );
  }
  return Object.freeze({
    keys: Object.freeze([...byFingerprint.values()]),
    fingerprints: Object.freeze([...byFingerprint.keys()]),
  });
}

async function readSource(name: string, data: string | Uint8Array): Promise<openpgp.PublicKey[]> {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > MAX_KEYRING_BYTES) {
    throw gpgError(
      'GPG_KEYRING_INVALID',
      `${name} has ${size} bytes, more than ${MAX_KEYRING_BYTES}`,
    );
  }
  const text = armoredText(data);
  try {
    let keys: openpgp.Key[];
    if (text !== undefined) {
      const blocks = text.match(ARMOR_BLOCK) ?? [];
      if (blocks.length === 0) throw new Error('text without a PGP key block');
      keys = (
        await Promise.all(blocks.map((armoredKeys) => openpgp.readKeys({ armoredKeys })))
      ).flat();
    } else {
      keys = await openpgp.readKeys({ binaryKeys: data as Uint8Array });
    }
    return keys.map((key) => (key.isPrivate() ? key.toPublic() : key));
  } catch (error) {
    throw gpgError(
      'GPG_KEYRING_INVALID',
      `${name} is not an OpenPGP public key or keyring (binary or ASCII-armored): ${describeError(error)}`,
      { cause: error },
    );
  }
}
