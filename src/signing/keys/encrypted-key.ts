/**
 * cosign's password-protected private key files (sigstore/cosign pkg/cosign/keys.go):
 * a PEM block `ENCRYPTED SIGSTORE PRIVATE KEY` (legacy `ENCRYPTED COSIGN PRIVATE KEY`)
 * whose body is the go-securesystemslib JSON
 * `{"kdf":{"name":"scrypt","params":{"N","r","p"},"salt"},"cipher":{"name":"nacl/secretbox","nonce"},"ciphertext"}`
 * with PKCS#8 DER as plaintext, scrypt-derived key and XSalsa20-Poly1305 secretbox.
 */
import { randomBytes } from 'node:crypto';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { errorFactory } from '../../core/errors.js';
import { privateKeyFromPkcs8, type PrivateKey } from '../../core/keys/index.js';
import { encodePem, parsePemBlock, type PemBlock } from '../../core/pem.js';
import { SIGNING_KEY_ERRORS } from './errors.js';
import {
  DEFAULT_SCRYPT_N,
  SCRYPT_P,
  SCRYPT_R,
  deriveKey,
  isAcceptedScryptParams,
  type ScryptN,
} from './scrypt-params.js';

const fail = errorFactory(SIGNING_KEY_ERRORS);

export const ENCRYPTED_KEY_PEM_TYPE = 'ENCRYPTED SIGSTORE PRIVATE KEY';
/** Written by cosign before v2.0 and still produced by `import-key-pair` of such files. */
export const LEGACY_ENCRYPTED_KEY_PEM_TYPE = 'ENCRYPTED COSIGN PRIVATE KEY';

const SALT_BYTES = 32;
const NONCE_BYTES = 24;

export interface EncryptOptions {
  readonly scryptN?: ScryptN;
  readonly pemType?: typeof ENCRYPTED_KEY_PEM_TYPE | typeof LEGACY_ENCRYPTED_KEY_PEM_TYPE;
}

/** Encrypts PKCS#8 DER the way `cosign generate-key-pair` does; an empty password is allowed, as in cosign. */
export async function encryptPrivateKey(
  pkcs8: Uint8Array,
  password: string | Uint8Array,
  options: EncryptOptions = {},
): Promise<string> {
  const N = options.scryptN ?? DEFAULT_SCRYPT_N;
  const salt = new Uint8Array(randomBytes(SALT_BYTES));
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const key = await deriveKey(passwordBytes(password), salt, N);
  const ciphertext = xsalsa20poly1305(key, nonce).encrypt(pkcs8);
  key.fill(0);
  // Member order is Go's struct order, so files match what cosign writes byte for byte in shape.
  const json = JSON.stringify({
    kdf: { name: 'scrypt', params: { N, r: SCRYPT_R, p: SCRYPT_P }, salt: encodeBase64(salt) },
    cipher: { name: 'nacl/secretbox', nonce: encodeBase64(nonce) },
    ciphertext: encodeBase64(ciphertext),
  });
  return encodePem(options.pemType ?? ENCRYPTED_KEY_PEM_TYPE, new TextEncoder().encode(json));
}

/**
 * Decrypts a cosign key file into a private key. `source` names the file in messages; the
 * password never appears in any message. A wrong password and an altered file look the
 * same to an authenticated cipher, so both raise KEY_PASSWORD_WRONG.
 */
export async function decryptPrivateKey(
  pem: string,
  password: string | Uint8Array,
  source: string,
): Promise<PrivateKey> {
  const sealed = parseEncryptedKey(pem, source);
  const key = await deriveKey(passwordBytes(password), sealed.salt, sealed.N);
  let pkcs8: Uint8Array;
  try {
    pkcs8 = xsalsa20poly1305(key, sealed.nonce).decrypt(sealed.ciphertext);
  } catch {
    throw fail(
      'KEY_PASSWORD_WRONG',
      `cannot decrypt the private key in ${source}: the password is wrong or the file was altered; check COSIGN_PASSWORD or the password you entered`,
    );
  } finally {
    key.fill(0);
  }
  return privateKeyFromPkcs8(pkcs8, source);
}

interface SealedKey {
  readonly N: number;
  readonly salt: Uint8Array;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

function parseEncryptedKey(pem: string, source: string): SealedKey {
  let block: PemBlock;
  try {
    block = parsePemBlock(pem, [ENCRYPTED_KEY_PEM_TYPE, LEGACY_ENCRYPTED_KEY_PEM_TYPE], source);
  } catch (error) {
    throw fail(
      'ENCRYPTED_KEY_INVALID',
      `${source} is not an encrypted cosign private key: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const invalid = (problem: string) =>
    fail('ENCRYPTED_KEY_INVALID', `${source}: ${problem}; is it a cosign key file?`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(block.der));
  } catch {
    throw invalid('the PEM body is not JSON');
  }
  const kdf = field(doc, 'kdf');
  const cipher = field(doc, 'cipher');
  const params = field(kdf, 'params');
  if (field(kdf, 'name') !== 'scrypt') {
    throw fail(
      'ENCRYPTED_KEY_UNSUPPORTED',
      `${source}: key derivation "${String(field(kdf, 'name'))}" is not supported; only scrypt is`,
    );
  }
  if (field(cipher, 'name') !== 'nacl/secretbox') {
    throw fail(
      'ENCRYPTED_KEY_UNSUPPORTED',
      `${source}: cipher "${String(field(cipher, 'name'))}" is not supported; only nacl/secretbox is`,
    );
  }
  const N = field(params, 'N');
  const r = field(params, 'r');
  const p = field(params, 'p');
  if (
    typeof N !== 'number' ||
    typeof r !== 'number' ||
    typeof p !== 'number' ||
    !isAcceptedScryptParams({ N, r, p })
  ) {
    throw fail(
      'ENCRYPTED_KEY_UNSUPPORTED',
      `${source}: unsupported scrypt parameters (N=${String(N)}, r=${String(r)}, p=${String(p)}); accepted are N=32768, 65536 or 131072 with r=8, p=1`,
    );
  }
  const salt = bytesField(kdf, 'salt', invalid);
  const nonce = bytesField(cipher, 'nonce', invalid);
  const ciphertext = bytesField(doc, 'ciphertext', invalid);
  if (salt.length === 0 || salt.length > 64) throw invalid(`the salt has ${salt.length} bytes`);
  if (nonce.length !== NONCE_BYTES)
    throw invalid(`the nonce has ${nonce.length} bytes, not ${NONCE_BYTES}`);
  if (ciphertext.length <= 16) throw invalid('the ciphertext is too short to hold a key');
  return { N, salt, nonce, ciphertext };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function bytesField(value: unknown, name: string, invalid: (problem: string) => Error): Uint8Array {
  const text = field(value, name);
  if (typeof text !== 'string') throw invalid(`"${name}" is missing`);
  try {
    return decodeBase64(text, name);
  } catch {
    throw invalid(`"${name}" is not base64`);
  }
}

function passwordBytes(password: string | Uint8Array): Uint8Array {
  return typeof password === 'string' ? new TextEncoder().encode(password) : password;
}
