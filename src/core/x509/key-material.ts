/**
 * What every certificate Signet issues is made of: an ECDSA P-256 key pair signing with
 * SHA-256, a positive random serial and the private key as PKCS#8 PEM. Shared by the
 * serving certificate authority and the keyless test PKI so that both issue alike.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { encodePem } from '../pem.js';

export const CERTIFICATE_ALGORITHM = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
} as const;

export function generateCertificateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(CERTIFICATE_ALGORITHM, true, ['sign', 'verify']);
}

/** 16 random bytes with the top bit clear: a positive serial as RFC 5280 §4.1.2.2 requires. */
export function certificateSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return encodePem('PRIVATE KEY', new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', key)));
}
