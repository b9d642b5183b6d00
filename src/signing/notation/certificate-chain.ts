/**
 * Certificate chain checks of Notary Project verification: the envelope's chain is
 * ordered leaf first, each certificate issued and signed by the next, and it ends with a
 * self-signed root (signature-specification.md requires the root in the chain). Validity at
 * a given time is a separate check (authenticTimestamp), so that the trust policy can set
 * it to log or skip.
 */
import type { X509Certificate } from 'node:crypto';
import {
  checkIssuingCertificate,
  checkSigningCertificate,
  isSelfSigned,
} from './certificate-rules.js';
import { notationError } from './errors.js';

const name = (c: X509Certificate) => c.subject.replace(/\n/g, ', ');

/**
 * Chains found well formed, by leaf object: certificate-der.ts hands out one object per
 * DER, so the same chain is the same objects, and its signatures need checking once.
 */
const wellFormed = new WeakMap<X509Certificate, readonly X509Certificate[]>();

export function checkChainStructure(chain: readonly X509Certificate[], what: string): void {
  const known = wellFormed.get(chain[0]!);
  if (known !== undefined && known.length === chain.length && known.every((c, i) => c === chain[i]))
    return;
  checkChainSignatures(chain, what);
  wellFormed.set(chain[0]!, [...chain]);
}

function checkChainSignatures(chain: readonly X509Certificate[], what: string): void {
  checkSigningCertificate(chain[0]!, what);
  for (let i = 0; i + 1 < chain.length; i++) {
    const child = chain[i]!;
    const parent = chain[i + 1]!;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      throw notationError(
        'NOTATION_CERTIFICATE_INVALID',
        `the certificate chain of ${what} is broken: ${name(child)} is not signed by the next certificate ${name(parent)}`,
      );
    }
    checkIssuingCertificate(parent, `the chain of ${what}`);
  }
  const last = chain[chain.length - 1]!;
  if (!isSelfSigned(last)) {
    throw notationError(
      'NOTATION_CERTIFICATE_INVALID',
      `the certificate chain of ${what} does not end with a self-signed root (${name(last)}); include the root certificate`,
    );
  }
}

/** The first certificate of the chain not valid at `time`, with the reason; undefined when all are. */
export function invalidAt(chain: readonly X509Certificate[], time: Date): string | undefined {
  for (const cert of chain) {
    if (time < new Date(cert.validFrom))
      return `certificate ${name(cert)} is not valid before ${new Date(cert.validFrom).toISOString()}`;
    if (time > new Date(cert.validTo))
      return `certificate ${name(cert)} expired at ${new Date(cert.validTo).toISOString()}`;
  }
  return undefined;
}

/** Whether any certificate of the chain is one of the trusted ones (byte for byte). */
export function anchoredIn(
  chain: readonly X509Certificate[],
  trusted: readonly X509Certificate[],
): boolean {
  return chain.some((c) => trusted.some((t) => t.raw.equals(c.raw)));
}

export { name as certificateName };
