/**
 * @sigstore/core's ASN.1 reader is lenient about outer tags (a certificate whose SEQUENCE
 * tag is flipped to SET still parses, and the TBS signature still verifies). A bundle
 * whose certificate bytes are not strict DER has been tampered with or mis-produced; it is
 * refused before verification with OpenSSL's strict parser.
 */
import { X509Certificate } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { errorFactory } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

function certificatesOf(bundle: Bundle): Uint8Array[] {
  const content = bundle.verificationMaterial.content;
  switch (content.$case) {
    case 'certificate':
      return [content.certificate.rawBytes];
    case 'x509CertificateChain':
      return content.x509CertificateChain.certificates.map((c) => c.rawBytes);
    default:
      return [];
  }
}

export function checkCertificatesStrictly(bundle: Bundle, what: string): void {
  certificatesOf(bundle).forEach((der, index) => {
    let reencoded: Buffer;
    try {
      reencoded = new X509Certificate(der).raw;
    } catch (error) {
      throw fail(
        'SIGSTORE_BUNDLE_UNREADABLE',
        `${what}: certificate ${index} is not a valid DER X.509 certificate (${(error as Error).message})`,
      );
    }
    if (!reencoded.equals(Buffer.from(der))) {
      throw fail(
        'SIGSTORE_BUNDLE_UNREADABLE',
        `${what}: certificate ${index} has bytes outside its DER encoding`,
      );
    }
  });
}
