/** Reads DER certificates from attacker-controlled envelopes and untrusted files, typed on failure. */
import { X509Certificate } from 'node:crypto';
import { notationError } from './errors.js';

/** A chain longer than this is hostile: real code-signing chains have two to four. */
export const MAX_CHAIN_LENGTH = 10;

export function parseCertificateDer(der: Uint8Array, what: string): X509Certificate {
  try {
    return new X509Certificate(der);
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
