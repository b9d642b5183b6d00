/**
 * Writes the webhook's certificates in the layout of a `kubernetes.io/tls` Secret
 * (`tls.crt`, `tls.key`) plus `ca.crt` and `ca.key`. Private keys are written 0600 and
 * never overwritten silently: rotating means choosing a new folder or removing the old files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../core/errors.js';
import { admissionError } from '../errors.js';
import type { WebhookCertificates } from './webhook-certificates.js';

export interface WrittenCertificates {
  readonly caCertificate: string;
  readonly caPrivateKey: string;
  readonly certificate: string;
  readonly privateKey: string;
}

export async function writeWebhookCertificates(
  dir: string,
  certs: WebhookCertificates,
): Promise<WrittenCertificates> {
  const files: WrittenCertificates = {
    caCertificate: join(dir, 'ca.crt'),
    caPrivateKey: join(dir, 'ca.key'),
    certificate: join(dir, 'tls.crt'),
    privateKey: join(dir, 'tls.key'),
  };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // `wx`: fail if the file exists, so an existing key pair is never clobbered.
    await writeFile(files.caCertificate, certs.caCertificatePem, { flag: 'wx', mode: 0o644 });
    await writeFile(files.caPrivateKey, certs.caPrivateKeyPem, { flag: 'wx', mode: 0o600 });
    await writeFile(files.certificate, certs.certificatePem, { flag: 'wx', mode: 0o644 });
    await writeFile(files.privateKey, certs.privateKeyPem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const exists = (error as { code?: unknown }).code === 'EEXIST';
    throw admissionError(
      'ADMISSION_CERTS_INVALID',
      exists
        ? `${dir} already holds certificates; choose another --out folder or remove ca.crt, ca.key, tls.crt and tls.key first`
        : `cannot write certificates to ${dir}: ${describeError(error)}`,
    );
  }
  return files;
}
