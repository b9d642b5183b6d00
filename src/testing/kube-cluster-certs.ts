/**
 * The certificates a test cluster needs (kube-cluster.ts): one private CA per cluster that
 * signs the API server's serving certificate (127.0.0.1 and the in-cluster names), client
 * certificates (the API server maps CN to the user and O to its groups: `O=system:masters`
 * is the admin), and serving certificates for webhooks the API server calls by URL, so they
 * carry the IP address 127.0.0.1. ECDSA P-256, as Signet's own webhook certificates.
 */
import { generateKeyPair } from 'node:crypto';
import {
  createCertificateAuthority,
  type CertificateRequest as CertificateAuthorityRequest,
  type IssuedCertificate,
} from '../core/x509/index.js';
/** A test cluster lives minutes; a day covers any run and a skewed clock. */
const LIFETIME_MS = 86_400_000;

export type { IssuedCertificate };

/** What a test asks for: the CA's validity applies to every certificate it issues. */
export type CertificateRequest = Omit<CertificateAuthorityRequest, 'notBefore' | 'notAfter'>;

export interface TestCertificateAuthority {
  readonly caPem: string;
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
}

export async function createTestCertificateAuthority(
  name: string,
): Promise<TestCertificateAuthority> {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 5 * 60_000), notAfter: new Date(now + LIFETIME_MS) };
  const ca = await createCertificateAuthority(name, validity);
  return {
    caPem: ca.certificatePem,
    issue: (request) => ca.issue({ ...request, ...validity }),
  };
}

/** A fresh CA and a serving certificate for 127.0.0.1 it issued: what a loopback TLS test needs. */
export async function loopbackServingCertificate(
  name: string,
): Promise<IssuedCertificate & { readonly caPem: string }> {
  const ca = await createTestCertificateAuthority(name);
  // The leaf's CN must differ from the CA's, or clients take it for self-signed.
  const serving = await ca.issue({
    commonName: '127.0.0.1',
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
  });
  return { caPem: ca.caPem, ...serving };
}

/** An RSA key pair for signing service account tokens (--service-account-signing-key-file). */
export async function serviceAccountSigningKeys(): Promise<{
  publicPem: string;
  privatePem: string;
}> {
  return new Promise((resolve, reject) =>
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicPem, privatePem) =>
        error ? reject(error) : resolve({ publicPem, privatePem }),
    ),
  );
}
