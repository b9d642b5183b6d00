/**
 * A private CA and a serving certificate for the webhook's Service, as the API server
 * dials it: `https://NAME.NS.svc:443` (admissionregistration.k8s.io/v1 service reference),
 * verified against the `caBundle` of the webhook configuration. ECDSA P-256 throughout:
 * supported by every API server and Gatekeeper (TLS 1.3), and fast to handshake.
 */
import { createCertificateAuthority } from '../../core/x509/index.js';
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
  const ca = await createCertificateAuthority(
    `signet-webhook-ca ${options.namespace}/${options.service}`,
    { notBefore, notAfter: new Date(now.getTime() + (options.caDays ?? 5 * 365) * DAY_MS) },
  );
  const notAfter = new Date(now.getTime() + (options.days ?? 365) * DAY_MS);
  const serving = await ca.issue({
    commonName: dnsNames[0]!,
    usage: 'server',
    dnsNames,
    notBefore,
    notAfter,
  });
  return {
    caCertificatePem: ca.certificatePem,
    caPrivateKeyPem: ca.privateKeyPem,
    certificatePem: serving.certificatePem,
    privateKeyPem: serving.privateKeyPem,
    caBundle: Buffer.from(ca.certificatePem).toString('base64'),
    dnsNames,
    notAfter,
  };
}
