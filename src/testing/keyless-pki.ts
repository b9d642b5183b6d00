/**
 * Test-only: a private Fulcio-like PKI, generated per run. A root CA, an intermediate, and
 * short-lived code-signing leaves carrying what Fulcio writes (fulcio docs/oid-info.md):
 * the identity as SAN (email or URI), the OIDC issuer (1.3.6.1.4.1.57264.1.8 as a DER
 * UTF8String and the deprecated raw 1.3.6.1.4.1.57264.1.1), and optionally the GitHub
 * workflow claims (1.3.6.1.4.1.57264.1.2-.6, raw). No SCT: verifiers must be told to skip
 * it (cosign --insecure-ignore-sct). PEM text throughout, as cosign's
 * `--certificate`, `--certificate-chain` and `--key` files hold it.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  CERTIFICATE_ALGORITHM,
  certificateSerial,
  generateCertificateKeys,
  pkcs8Pem,
} from '../core/x509/key-material.js';

const ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const GITHUB_OIDS = {
  trigger: '1.3.6.1.4.1.57264.1.2',
  sha: '1.3.6.1.4.1.57264.1.3',
  name: '1.3.6.1.4.1.57264.1.4',
  repository: '1.3.6.1.4.1.57264.1.5',
  ref: '1.3.6.1.4.1.57264.1.6',
} as const;

export interface LeafRequest {
  /** An email address or a URI (a workflow identity). */
  readonly identity: string;
  readonly issuer?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly github?: Partial<Record<keyof typeof GITHUB_OIDS, string>>;
}

export interface KeylessLeaf {
  readonly certificatePem: string;
  /** PKCS#8 PEM of the leaf's ECDSA P-256 key. */
  readonly privateKeyPem: string;
}

export interface KeylessPki {
  readonly rootPem: string;
  readonly intermediatePem: string;
  /** cosign's `--certificate-chain`: the intermediate, then the root. */
  readonly chainPem: string;
  issue(request: LeafRequest): Promise<KeylessLeaf>;
}

const HOUR = 3600_000;

export async function createKeylessPki(name = 'signet-test'): Promise<KeylessPki> {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 24 * HOUR), notAfter: new Date(now + 24 * HOUR) };
  const rootKeys = await generateCertificateKeys();
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: certificateSerial(),
      name: `CN=${name} root, O=${name}`,
      ...validity,
      signingAlgorithm: CERTIFICATE_ALGORITHM,
      keys: rootKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const intermediateKeys = await generateCertificateKeys();
  const intermediate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: certificateSerial(),
      subject: `CN=${name} intermediate, O=${name}`,
      issuer: root.subject,
      ...validity,
      signingAlgorithm: CERTIFICATE_ALGORITHM,
      publicKey: intermediateKeys.publicKey,
      signingKey: rootKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
        await x509.SubjectKeyIdentifierExtension.create(
          intermediateKeys.publicKey,
          false,
          webcrypto,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(root, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const rootPem = `${root.toString('pem')}\n`;
  const intermediatePem = `${intermediate.toString('pem')}\n`;
  return {
    rootPem,
    intermediatePem,
    chainPem: intermediatePem + rootPem,
    async issue(request) {
      const keys = await generateCertificateKeys();
      const issuer = request.issuer ?? 'https://issuer.example';
      const san = request.identity.includes('://')
        ? { type: 'url' as const, value: request.identity }
        : { type: 'email' as const, value: request.identity };
      const raw = (oid: string, value: string) =>
        new x509.Extension(oid, false, new TextEncoder().encode(value));
      const certificate = await x509.X509CertificateGenerator.create(
        {
          serialNumber: certificateSerial(),
          subject: '',
          issuer: intermediate.subject,
          notBefore: request.notBefore ?? new Date(Date.now() - 60_000),
          notAfter: request.notAfter ?? new Date(Date.now() + 10 * 60_000),
          signingAlgorithm: CERTIFICATE_ALGORITHM,
          publicKey: keys.publicKey,
          signingKey: intermediateKeys.privateKey,
          extensions: [
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
            new x509.SubjectAlternativeNameExtension([san], true),
            await x509.AuthorityKeyIdentifierExtension.create(intermediate, false, webcrypto),
            raw(ISSUER_V1, issuer),
            new x509.Extension(ISSUER_V2, false, utf8String(issuer)),
            ...Object.entries(request.github ?? {}).map(([claim, value]) =>
              raw(GITHUB_OIDS[claim as keyof typeof GITHUB_OIDS], value),
            ),
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

/** DER UTF8String (tag 12) of a short value, as Fulcio encodes the v2 issuer. */
function utf8String(value: string): Uint8Array {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > 127) throw new Error('test issuer too long');
  return Uint8Array.from([0x0c, bytes.length, ...bytes]);
}
