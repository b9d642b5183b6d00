/** Reads DER certificates from attacker-controlled envelopes and untrusted files, typed on failure. */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { notationError } from './errors.js';

/** A chain longer than this is hostile: real code-signing chains have two to four. */
export const MAX_CHAIN_LENGTH = 10;

/**
 * Parsed certificates by the SHA-256 of their DER: OpenSSL takes about a third of a
 * millisecond per certificate, and a signer's chain arrives with every signature it makes.
 * Reusing the object also lets the chain and usage checks remember their answers (they
 * are functions of the bytes alone). Bounded; the oldest entry goes first.
 */
const parsedCertificates = new Map<string, X509Certificate>();
const MAX_PARSED_CERTIFICATES = 1024;

export function parseCertificateDer(der: Uint8Array, what: string): X509Certificate {
  const key = createHash('sha256').update(der).digest('hex');
  const cached = parsedCertificates.get(key);
  if (cached !== undefined) return cached;
  try {
    const cert = new X509Certificate(der);
    if (parsedCertificates.size >= MAX_PARSED_CERTIFICATES)
      parsedCertificates.delete(parsedCertificates.keys().next().value!);
    parsedCertificates.set(key, cert);
    return cert;
  } catch (cause) {
    throw notationError('NOTATION_CERTIFICATE_INVALID', `${what} is not a DER X.509 certificate`, {
      cause,
    });
  }
}

export function parseCertificateChain(ders: readonly unknown[], what: string): X509Certificate[] {
  if (ders.length === 0)
    throw notationError('NOTATION_ENVELOPE_INVALID', `${what} carries no certificate chain`);
  if (ders.length > MAX_CHAIN_LENGTH)
    throw notationError(
      'NOTATION_ENVELOPE_INVALID',
      `${what} carries ${ders.length} certificates (limit ${MAX_CHAIN_LENGTH})`,
    );
  return ders.map((der, i) => {
    if (!(der instanceof Uint8Array))
      throw notationError('NOTATION_ENVELOPE_INVALID', `certificate ${i} of ${what} is not bytes`);
    return parseCertificateDer(der, `certificate ${i} of ${what}`);
  });
}

/** Node makes a new KeyObject on every `publicKey` read; one per certificate object is enough. */
const publicKeys = new WeakMap<X509Certificate, KeyObject>();

export function publicKeyOf(cert: X509Certificate): KeyObject {
  let key = publicKeys.get(cert);
  if (key === undefined) {
    key = cert.publicKey;
    publicKeys.set(cert, key);
  }
  return key;
}
