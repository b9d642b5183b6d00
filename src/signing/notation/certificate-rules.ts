/**
 * The Notary Project's certificate requirements (signature-specification.md, "Certificate
 * Requirements"): a signing (leaf) certificate has key usage digitalSignature, is not a CA,
 * and if it has extended key usages they include code signing and no others that would
 * make it a TLS or timestamping certificate; CA certificates have basicConstraints CA and
 * keyCertSign. Keys are RSA ≥ 2048 bits or ECDSA P-256/384/521.
 */
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { algorithmForKey, describeKey } from './algorithms.js';
import { notationError } from './errors.js';

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const ANY_EKU = '2.5.29.37.0';

interface Usage {
  readonly keyUsage?: number;
  readonly ca: boolean;
  readonly eku?: readonly string[];
}

/**
 * Usages by certificate object (certificate-der.ts hands out one object per DER): reading
 * extensions with @peculiar/x509 costs about a millisecond.
 */
const usageCache = new WeakMap<X509Certificate, Usage>();

function usageOf(cert: X509Certificate): Usage {
  const cached = usageCache.get(cert);
  if (cached !== undefined) return cached;
  const usage = readUsage(cert);
  usageCache.set(cert, usage);
  return usage;
}

function readUsage(cert: X509Certificate): Usage {
  const parsed = new x509.X509Certificate(new Uint8Array(cert.raw));
  const ku = parsed.getExtension(x509.KeyUsagesExtension);
  const eku = parsed.getExtension(x509.ExtendedKeyUsageExtension);
  const bc = parsed.getExtension(x509.BasicConstraintsExtension);
  return {
    ...(ku === null ? {} : { keyUsage: ku.usages }),
    ca: bc?.ca ?? false,
    ...(eku === null ? {} : { eku: eku.usages.map(String) }),
  };
}

/** Throws NOTATION_CERTIFICATE_INVALID naming `what` when the leaf cannot sign Notary signatures. */
export function checkSigningCertificate(cert: X509Certificate, what: string): void {
  const fail = (problem: string) =>
    notationError(
      'NOTATION_CERTIFICATE_INVALID',
      `the signing certificate of ${what} (${cert.subject.replace(/\n/g, ', ')}) ${problem}`,
    );
  if (algorithmForKey(cert.publicKey) === undefined)
    throw fail(
      `has a ${describeKey(cert.publicKey)} key; use RSA ≥ 2048 bits or ECDSA P-256/P-384/P-521`,
    );
  const usage = usageOf(cert);
  if (usage.ca) throw fail('is a CA certificate; sign with a leaf certificate');
  if (usage.keyUsage === undefined || (usage.keyUsage & x509.KeyUsageFlags.digitalSignature) === 0)
    throw fail('lacks the digitalSignature key usage');
  if (usage.eku !== undefined) {
    if (!usage.eku.includes(CODE_SIGNING) && !usage.eku.includes(ANY_EKU))
      throw fail('has extended key usages without code signing');
    if (usage.eku.includes(TIME_STAMPING)) throw fail('is a timestamping certificate');
  }
}

/** Throws when an issuing certificate of a chain is not a CA allowed to sign certificates. */
export function checkIssuingCertificate(cert: X509Certificate, what: string): void {
  const usage = usageOf(cert);
  const fail = (problem: string) =>
    notationError(
      'NOTATION_CERTIFICATE_INVALID',
      `certificate ${cert.subject.replace(/\n/g, ', ')} in ${what} ${problem}`,
    );
  if (!usage.ca) throw fail('issues the next certificate but is not a CA (basicConstraints)');
  if (usage.keyUsage !== undefined && (usage.keyUsage & x509.KeyUsageFlags.keyCertSign) === 0)
    throw fail('issues the next certificate but lacks the keyCertSign key usage');
}

/**
 * Issuer equals subject and the signature verifies with its own key. Not checkIssued:
 * OpenSSL's also wants keyCertSign, which a self-signed code-signing leaf (notation's test
 * certificate) does not have.
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  return cert.issuer === cert.subject && cert.verify(cert.publicKey);
}
