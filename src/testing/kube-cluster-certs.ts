/**
 * The certificates a test cluster needs (kube-cluster.ts): one private CA per cluster that
 * signs the API server's serving certificate (127.0.0.1 and the in-cluster names), client
 * certificates (the API server maps CN to the user and O to its groups: `O=system:masters`
 * is the admin), and serving certificates for webhooks the API server calls by URL, so they
 * carry the IP address 127.0.0.1. ECDSA P-256, as Signet's own webhook certificates.
 */
import 'reflect-metadata';
import { generateKeyPair, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** A test cluster lives minutes; a day covers any run and a skewed clock. */
const LIFETIME_MS = 86_400_000;

export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface CertificateRequest {
  /** The user name of a client certificate, or a label of a serving one. */
  readonly commonName: string;
  /** Groups of a client certificate (X.509 O attributes). */
  readonly organizations?: readonly string[];
  readonly usage: 'client' | 'server';
  readonly ipAddresses?: readonly string[];
  readonly dnsNames?: readonly string[];
}

export interface TestCertificateAuthority {
  readonly caPem: string;
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
}

export async function createTestCertificateAuthority(
  name: string,
): Promise<TestCertificateAuthority> {
  const now = Date.now();
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${name}`,
      notBefore: new Date(now - 5 * 60_000),
      notAfter: new Date(now + LIFETIME_MS),
      signingAlgorithm: ALGORITHM,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return {
    caPem: `${ca.toString('pem')}\n`,
    async issue(request) {
      const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
      const subject = [
        `CN=${request.commonName}`,
        ...(request.organizations ?? []).map((o) => `O=${o}`),
      ].join(', ');
      const names = [
        ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
        ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
      ];
      const certificate = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial(),
          subject,
          issuer: ca.subject,
          notBefore: new Date(now - 5 * 60_000),
          notAfter: new Date(now + LIFETIME_MS),
          signingAlgorithm: ALGORITHM,
          publicKey: keys.publicKey,
          signingKey: caKeys.privateKey,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([
              request.usage === 'server'
                ? x509.ExtendedKeyUsage.serverAuth
                : x509.ExtendedKeyUsage.clientAuth,
            ]),
            ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
            await x509.AuthorityKeyIdentifierExtension.create(ca, false, webcrypto),
          ],
        },
        webcrypto,
      );
      return {
        certificatePem: `${certificate.toString('pem')}\n`,
        privateKeyPem: await pkcs8Pem(keys.privateKey),
      };
    },
  };
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

/** 16 random bytes with the top bit clear: a positive serial as RFC 5280 §4.1.2.2 requires. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}
