import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePemBlocks } from '../../core/pem.js';
import { parseCrl } from './crl.js';
import { issueCertificate, issueCrl } from './test-certificates.js';
import { validateTrustPolicy } from './trust-policy.js';
import { loadCrlFiles, loadTrustStore } from './trust-store-files.js';

const policyFor = (...stores: string[]) =>
  validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: 'p',
          registryScopes: ['*'],
          signatureVerification: { level: 'strict' },
          trustStores: stores,
          trustedIdentities: ['*'],
        },
      ],
    },
    'x',
  );

describe('trust store folders', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-truststore-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("reads PEM bundles and DER files of the stores a policy names, in notation's layout", async () => {
    const a = await issueCertificate({
      subject: 'C=US, ST=WA, O=A, CN=a',
      role: 'ca',
      keyType: 'ec-256',
    });
    const b = await issueCertificate({
      subject: 'C=US, ST=WA, O=B, CN=b',
      role: 'ca',
      keyType: 'ec-256',
    });
    await mkdir(join(dir, 'x509', 'ca', 'team'), { recursive: true });
    await writeFile(
      join(dir, 'x509', 'ca', 'team', 'bundle.pem'),
      a.certificatePem + b.certificatePem,
    );
    await mkdir(join(dir, 'x509', 'signingAuthority', 'sa'), { recursive: true });
    await writeFile(join(dir, 'x509', 'signingAuthority', 'sa', 'root.der'), a.certificate.raw);
    const store = await loadTrustStore(
      dir,
      policyFor('ca:team', 'signingAuthority:sa', 'ca:absent'),
    );
    assert.equal(store.certificates('ca', 'team')?.length, 2);
    assert.equal(store.certificates('signingAuthority', 'sa')?.length, 1);
    assert.equal(store.certificates('ca', 'absent'), undefined);
    assert.equal(store.certificates('tsa', 'team'), undefined);
  });

  it('refuses a store holding a file that is not a certificate, naming the file', async () => {
    await mkdir(join(dir, 'x509', 'ca', 'broken'), { recursive: true });
    await writeFile(join(dir, 'x509', 'ca', 'broken', 'x.crt'), 'not a certificate');
    await assert.rejects(
      loadTrustStore(dir, policyFor('ca:broken')),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_CERTIFICATE_INVALID' && e.message.includes('x.crt'),
    );
  });

  it('refuses an empty store', async () => {
    await mkdir(join(dir, 'x509', 'ca', 'empty'), { recursive: true });
    await assert.rejects(
      loadTrustStore(dir, policyFor('ca:empty')),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_TRUST_STORE_INVALID' && /holds no certificate/.test(e.message),
    );
  });

  it('reads CRL files and refuses one that is not a CRL', async () => {
    const ca = await issueCertificate({
      subject: 'C=US, ST=WA, O=A, CN=ca',
      role: 'ca',
      keyType: 'ec-256',
    });
    await writeFile(join(dir, 'good.crl'), await issueCrl(ca, []));
    await writeFile(join(dir, 'bad.crl'), 'garbage');
    assert.equal((await loadCrlFiles([join(dir, 'good.crl')])).length, 1);
    await assert.rejects(
      loadCrlFiles([join(dir, 'bad.crl')]),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_CRL_INVALID' && e.message.includes('bad.crl'),
    );
    await assert.rejects(
      loadCrlFiles([join(dir, 'missing.crl')]),
      (e: Error & { code?: string }) => e.code === 'NOTATION_CRL_INVALID',
    );
  });

  it('reads a CRL labelled X509 CRL or CRL in PEM, or as DER, and refuses another PEM block', async () => {
    const ca = await issueCertificate({
      subject: 'C=US, ST=WA, O=A, CN=ca',
      role: 'ca',
      keyType: 'ec-256',
    });
    const pem = await issueCrl(ca, []);
    const der = parsePemBlocks(pem, 'crl')[0]!.der;
    const crls = [
      parseCrl(pem, 'a'),
      parseCrl(pem.replace(/ CRL-----/g, ' X509 CRL-----'), 'b'),
      parseCrl(der, 'c'),
    ];
    for (const crl of crls) assert.equal(crl.issuer, crls[0]!.issuer);
    assert.throws(
      () => parseCrl(pem.replace(/ CRL-----/g, ' CERTIFICATE-----'), 'other.pem'),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_CRL_INVALID' && e.message.includes('other.pem'),
    );
  });
});
