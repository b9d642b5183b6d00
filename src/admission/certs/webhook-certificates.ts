/**
 * A private CA and a serving certificate for the webhook's Service, as the API server
 * dials it: `https://NAME.NS.svc:443` (admissionregistration.k8s.io/v1 service reference),
 * verified against the `caBundle` of the webhook configuration. ECDSA P-256 throughout:
 * supported by every API server and Gatekeeper (TLS 1.3), and fast to handshake.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { admissionError } from '../errors.js';

export interface WebhookCertificateOptions {
  readonly service: string;
  readonly namespace: string;
  /** Serving certificate lifetime; one year, so a forgotten rotation fails within a year, not a decade. */
  readonly days?: number;
  /** CA lifetime: five years, so the caBundle in the webhook configurations changes rarely. */
  readonly caDays?: number;
  readonly now?: Date;
}

export interface WebhookCertificates {
  readonly caCertificatePem: string;
  /** Keep offline or delete: whoever holds it can impersonate the webhook. */
  readonly caPrivateKeyPem: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** base64 of the CA PEM: the `caBundle` field of the webhook configurations. */
  readonly caBundle: string;
  readonly dnsNames: readonly string[];
  readonly notAfter: Date;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export function serviceDnsNames(service: string, namespace: string): string[] {
  for (const [what, value] of [
    ['service name', service],
    ['namespace', namespace],
  ] as const) {
    if (!DNS_LABEL.test(value)) {
      throw admissionError(
        'ADMISSION_CERTS_INVALID',
        `${what} "${value}" is not a DNS label (lowercase letters, digits and "-", at most 63 characters)`,
      );
    }
  }
  return [`${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

export async function generateWebhookCertificates(
  options: WebhookCertificateOptions,
): Promise<WebhookCertificates> {
  const dnsNames = serviceDnsNames(options.service, options.namespace);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate clock skew between nodes
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=signet-webhook-ca ${options.namespace}/${options.service}`,
      notBefore,
      notAfter: new Date(now.getTime() + (options.caDays ?? 5 * 365) * DAY_MS),
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
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now.getTime() + (options.days ?? 365) * DAY_MS);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: `CN=${dnsNames[0]!}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const caCertificatePem = `${ca.toString('pem')}\n`;
  return {
    caCertificatePem,
    caPrivateKeyPem: await privateKeyPem(caKeys.privateKey),
    certificatePem: `${certificate.toString('pem')}\n`,
    privateKeyPem: await privateKeyPem(keys.privateKey),
    caBundle: Buffer.from(caCertificatePem).toString('base64'),
    dnsNames,
    notAfter,
  };
}

/** 16 random bytes with the top bit clear: a positive serial as RFC 5280 §4.1.2.2 requires. */
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
