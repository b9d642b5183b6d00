/**
 * Test-only: certificates for a log served over TLS on 127.0.0.1 and for its writers. A
 * client CA issues the accepted client certificate; a second, unrelated CA issues one the
 * log must not accept. ECDSA P-256 throughout, generated per run.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface PemPair {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface TlogTlsMaterial {
  /** The CA that issued `server`: what clients trust. */
  readonly serverCaPem: string;
  /** Serving certificate for IP 127.0.0.1. */
  readonly server: PemPair;
  /** The CA whose client certificates may write. */
  readonly clientCaPem: string;
  readonly client: PemPair;
  /** A client certificate from another CA. */
  readonly strangerClient: PemPair;
}

interface Authority {
  readonly certificate: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

async function authority(name: string): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${name}`,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + DAY_MS),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    webcrypto,
  );
  return { certificate, keys };
}

async function leaf(issuer: Authority, name: string, usage: 'server' | 'client'): Promise<PemPair> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: `CN=${name}`,
      issuer: issuer.certificate.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + DAY_MS),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
        ]),
        ...(usage === 'server'
          ? [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])]
          : []),
      ],
    },
    webcrypto,
  );
  return {
    certificatePem: `${certificate.toString('pem')}\n`,
    privateKeyPem: await privateKeyPem(keys.privateKey),
  };
}

export async function tlogTlsMaterial(): Promise<TlogTlsMaterial> {
  const serverCa = await authority('signet test log server CA');
  const clientCa = await authority('signet test log writers CA');
  const otherCa = await authority('some other CA');
  return {
    serverCaPem: `${serverCa.certificate.toString('pem')}\n`,
    server: await leaf(serverCa, '127.0.0.1', 'server'),
    clientCaPem: `${clientCa.certificate.toString('pem')}\n`,
    client: await leaf(clientCa, 'ci-signer', 'client'),
    strangerClient: await leaf(otherCa, 'ci-signer', 'client'),
  };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}
