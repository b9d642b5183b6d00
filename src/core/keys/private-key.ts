/**
 * Private keys: the unencrypted PEM forms cosign `import-key-pair` reads (PKCS#8
 * `PRIVATE KEY`, SEC 1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`), PKCS#8 DER (the
 * plaintext inside cosign's encrypted key files), and fresh key generation.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateNodeKeyPair,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { describeError, errorFactory } from '../errors.js';
import { encodePem, parsePemBlock } from '../pem.js';
import { KEY_ERRORS } from './errors.js';
import { kindOfKeyObject, type KeyKind } from './key-kind.js';
import { publicKeyFromKeyObject, type PublicKey } from './public-key.js';

const fail = errorFactory(KEY_ERRORS);
const generate = promisify(generateNodeKeyPair);

export interface PrivateKey {
  readonly kind: KeyKind;
  /** Secret: never log it, never put it in a message. */
  readonly keyObject: KeyObject;
  readonly publicKey: PublicKey;
  readonly source: string;
}

const PEM_TYPES: Record<string, 'pkcs8' | 'sec1' | 'pkcs1'> = {
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
  'RSA PRIVATE KEY': 'pkcs1',
};

/** Parses an unencrypted private key PEM. Messages never include key material. */
export function parsePrivateKey(pem: string, source: string): PrivateKey {
  if (/-----BEGIN ENCRYPTED (SIGSTORE|COSIGN) PRIVATE KEY-----/.test(pem)) {
    throw fail(
      'KEY_INVALID',
      `${source} is a password-protected cosign key; load it with its password`,
    );
  }
  let block;
  try {
    block = parsePemBlock(pem, Object.keys(PEM_TYPES), source);
  } catch (error) {
    throw fail('KEY_INVALID', describeError(error), { cause: error });
  }
  const type = PEM_TYPES[block.type] as 'pkcs8' | 'sec1' | 'pkcs1';
  return privateKeyFromDer(block.der, type, source);
}

/** A private key from PKCS#8 DER (the plaintext of an encrypted cosign key). */
export function privateKeyFromPkcs8(der: Uint8Array, source: string): PrivateKey {
  return privateKeyFromDer(der, 'pkcs8', source);
}

function privateKeyFromDer(
  der: Uint8Array,
  type: 'pkcs8' | 'sec1' | 'pkcs1',
  source: string,
): PrivateKey {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch {
    // The library's message may quote key bytes; keep it out.
    throw fail('KEY_INVALID', `${source} is not a valid ${type.toUpperCase()} private key`);
  }
  return privateKeyFromKeyObject(keyObject, source);
}

export function privateKeyFromKeyObject(keyObject: KeyObject, source: string): PrivateKey {
  if (keyObject.type !== 'private') {
    throw fail('KEY_INVALID', `${source}: expected a private key, got a ${keyObject.type} key`);
  }
  const kind = kindOfKeyObject(keyObject, source);
  const publicKey = publicKeyFromKeyObject(createPublicKey(keyObject), source);
  return { kind, keyObject, publicKey, source };
}

/** PKCS#8 DER of the key: what cosign encrypts into `cosign.key`. */
export function exportPkcs8(key: PrivateKey): Uint8Array {
  return new Uint8Array(key.keyObject.export({ format: 'der', type: 'pkcs8' }));
}

/** Unencrypted PKCS#8 PEM; write it only where the user asked for an unprotected key. */
export function encodePrivateKeyPem(key: PrivateKey): string {
  return encodePem('PRIVATE KEY', exportPkcs8(key));
}

export interface GenerateOptions {
  /** RSA modulus size; 3072 by default, the NIST SP 800-57 size for use beyond 2030. */
  readonly rsaBits?: number;
  /** Names the key in messages; defaults to `generated <kind> key`. */
  readonly source?: string;
}

/** Generates a key pair off the main thread (RSA generation takes seconds). */
export async function generateKeyPair(
  kind: KeyKind,
  options: GenerateOptions = {},
): Promise<PrivateKey> {
  const source = options.source ?? `generated ${kind} key`;
  const pair = await generatePair(kind, options.rsaBits ?? 3072);
  return privateKeyFromKeyObject(pair.privateKey, source);
}

function generatePair(kind: KeyKind, rsaBits: number) {
  switch (kind) {
    case 'ecdsa-p256':
      return generate('ec', { namedCurve: 'prime256v1' });
    case 'ecdsa-p384':
      return generate('ec', { namedCurve: 'secp384r1' });
    case 'ecdsa-p521':
      return generate('ec', { namedCurve: 'secp521r1' });
    case 'ed25519':
      return generate('ed25519');
    case 'rsa':
      return generate('rsa', { modulusLength: rsaBits });
  }
}
