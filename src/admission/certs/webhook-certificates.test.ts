import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../../core/errors.js';
import { generateWebhookCertificates, serviceDnsNames } from './webhook-certificates.js';
import { writeWebhookCertificates } from './write-certificates.js';

describe('webhook certificates', () => {
  it('issues a serving certificate for the service names, signed by the CA in the caBundle', async () => {
    const certs = await generateWebhookCertificates({
      service: 'signet-webhook',
      namespace: 'signet-system',
    });
    const ca = new X509Certificate(Buffer.from(certs.caBundle, 'base64'));
    const serving = new X509Certificate(certs.certificatePem);
    assert.ok(serving.verify(ca.publicKey), 'serving certificate is signed by the CA');
    assert.ok(serving.checkIssued(ca));
    assert.equal(ca.ca, true);
    assert.equal(serving.ca, false);
    assert.equal(
      serving.checkHost('signet-webhook.signet-system.svc'),
      'signet-webhook.signet-system.svc',
    );
    assert.equal(
      serving.checkHost('signet-webhook.signet-system.svc.cluster.local'),
      'signet-webhook.signet-system.svc.cluster.local',
    );
    assert.equal(serving.checkHost('other.signet-system.svc'), undefined);
    assert.ok(serving.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'usable for server authentication');
    const key = createPrivateKey(certs.privateKeyPem);
    assert.ok(createPublicKey(key).equals(serving.publicKey), 'the key belongs to the certificate');
  });

  it('refuses names that are not DNS labels', () => {
    for (const [service, namespace] of [
      ['Signet', 'ns'],
      ['svc', 'a.b'],
      ['', 'ns'],
      ['x'.repeat(64), 'ns'],
    ] as const) {
      assert.throws(
        () => serviceDnsNames(service, namespace),
        (e: unknown) => isSignetError(e) && e.code === 'ADMISSION_CERTS_INVALID',
      );
    }
  });

  it('writes private keys readable by the owner only and never overwrites them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-certs-'));
    try {
      const certs = await generateWebhookCertificates({ service: 'w', namespace: 'n' });
      const files = await writeWebhookCertificates(join(dir, 'out'), certs);
      assert.equal((await stat(files.privateKey)).mode & 0o777, 0o600);
      assert.equal((await stat(files.caPrivateKey)).mode & 0o777, 0o600);
      assert.equal(await readFile(files.certificate, 'utf8'), certs.certificatePem);
      await assert.rejects(
        writeWebhookCertificates(join(dir, 'out'), certs),
        (e: unknown) => isSignetError(e) && /already holds certificates/.test(e.message),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
