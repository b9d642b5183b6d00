import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { X509Certificate } from 'node:crypto';
import { parseCrl } from './crl.js';
import type { EnvelopeFormat } from './envelope-types.js';
import { signNotationEnvelope } from './sign.js';
import { issueCertificate, issueCrl, type CertifiedKey } from './test-certificates.js';
import { validateTrustPolicy } from './trust-policy.js';
import { memoryTrustStore, type TrustMaterial } from './trust-store.js';
import { verifyImageSignatures, type FetchedEnvelope } from './verify-image.js';

const SCOPE = 'registry.example/team/app';
const DIGEST = `sha256:${'cd'.repeat(32)}`;
const IMAGE = `${SCOPE}@${DIGEST}`;
const target = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: DIGEST,
  size: 1234,
};
const SUBJECT = 'C=US, ST=WA, L=Seattle, O=Signet, CN=release';

const policy = (statement: Record<string, unknown>) =>
  validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: 'team',
          registryScopes: [SCOPE],
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:team'],
          trustedIdentities: [`x509.subject: ${SUBJECT}`],
          ...statement,
        },
      ],
    },
    'trustpolicy.json',
  );

interface Setup {
  root: CertifiedKey;
  intermediate: CertifiedKey;
  leaf: CertifiedKey;
  other: CertifiedKey;
}

function envelopeFor(
  key: CertifiedKey,
  chain: readonly X509Certificate[],
  format: EnvelopeFormat = 'jws',
  extra: { expiry?: Date; signingTime?: Date } = {},
): FetchedEnvelope {
  const e = signNotationEnvelope({ format, target, privateKey: key.privateKey, chain, ...extra });
  return { manifestDigest: `sha256:${'ee'.repeat(32)}`, mediaType: e.mediaType, bytes: e.bytes };
}

const failsWith =
  (check: string, text: RegExp) =>
  (e: Error & { code?: string; details?: Record<string, unknown> }) =>
    e.code === 'NOTATION_VERIFICATION_FAILED' &&
    e.message.includes(IMAGE) &&
    (e.details?.failedChecks as string[]).includes(check) &&
    text.test(e.message);

describe('verifying an image under a trust policy', () => {
  let s: Setup;
  let trust: TrustMaterial;
  const now = new Date();
  before(async () => {
    const root = await issueCertificate({
      subject: 'C=US, ST=WA, O=Signet, CN=Root',
      role: 'ca',
      keyType: 'ec-384',
    });
    const intermediate = await issueCertificate({
      subject: 'C=US, ST=WA, O=Signet, CN=Intermediate',
      role: 'ca',
      issuer: root,
      keyType: 'ec-256',
    });
    const leaf = await issueCertificate({
      subject: SUBJECT,
      role: 'leaf',
      issuer: intermediate,
      keyType: 'rsa-2048',
    });
    const otherRoot = await issueCertificate({
      subject: 'C=US, ST=WA, O=Else, CN=Other',
      role: 'ca',
      keyType: 'ec-256',
    });
    const other = await issueCertificate({
      subject: SUBJECT,
      role: 'leaf',
      issuer: otherRoot,
      keyType: 'ec-256',
    });
    s = { root, intermediate, leaf, other: { ...other, certificate: other.certificate } };
    (s as unknown as { otherChain: X509Certificate[] }).otherChain = [
      other.certificate,
      otherRoot.certificate,
    ];
    trust = { trustStore: memoryTrustStore({ 'ca:team': [root.certificate] }), crls: [] };
  });
  const chain = () => [s.leaf.certificate, s.intermediate.certificate, s.root.certificate];
  const request = (doc = policy({}), material = trust, at = now) => ({
    image: IMAGE,
    scope: SCOPE,
    digest: DIGEST,
    policy: doc,
    trust: material,
    now: at,
  });

  for (const format of ['jws', 'cose'] as const) {
    it(`accepts a ${format.toUpperCase()} signature from a trusted identity under a trusted root`, async () => {
      const result = await verifyImageSignatures(request(), [envelopeFor(s.leaf, chain(), format)]);
      assert.equal(result.statement.name, 'team');
      assert.equal(result.signature?.signer, 'C=US, ST=WA, L=Seattle, O=Signet, CN=release');
      assert.deepEqual(
        result.signature?.checks.map((c) => c.result),
        ['passed', 'passed', 'passed', 'passed', 'passed'],
      );
    });
  }

  it('rejects a signer whose subject is not a trusted identity (wrong identity)', async () => {
    const doc = policy({
      trustedIdentities: ['x509.subject: C=US, ST=WA, O=Signet, CN=someone-else'],
    });
    await assert.rejects(
      verifyImageSignatures(request(doc), [envelopeFor(s.leaf, chain())]),
      failsWith('authenticity', /not a trusted identity/),
    );
  });

  it('rejects a chain that no trust store certificate anchors (untrusted CA)', async () => {
    const otherChain = (s as unknown as { otherChain: X509Certificate[] }).otherChain;
    await assert.rejects(
      verifyImageSignatures(request(), [envelopeFor(s.other, otherChain)]),
      failsWith('authenticity', /untrusted CA/),
    );
  });

  it('rejects an expired signing certificate (authenticTimestamp)', async () => {
    const later = new Date(now.getTime() + 2 * 365 * 86_400_000);
    await assert.rejects(
      verifyImageSignatures(request(policy({}), trust, later), [envelopeFor(s.leaf, chain())]),
      failsWith('authenticTimestamp', /expired at/),
    );
  });

  it('rejects a signature whose signed expiry has passed', async () => {
    const env = envelopeFor(s.leaf, chain(), 'cose', {
      signingTime: new Date(now.getTime() - 7_200_000),
      expiry: new Date(now.getTime() - 3_600_000),
    });
    await assert.rejects(
      verifyImageSignatures(request(), [env]),
      failsWith('expiry', /expired at/),
    );
  });

  it('rejects a signing certificate revoked by a local CRL', async () => {
    const crl = parseCrl(await issueCrl(s.intermediate, [s.leaf.certificate]), 'crl.pem');
    const material = { ...trust, crls: [crl] };
    await assert.rejects(
      verifyImageSignatures(request(policy({}), material), [envelopeFor(s.leaf, chain())]),
      failsWith('revocation', /revoked/),
    );
  });

  it('accepts a certificate a current CRL of its issuer does not list', async () => {
    const unrelated = await issueCertificate({
      subject: 'C=US, ST=WA, O=Signet, CN=x',
      role: 'leaf',
      issuer: s.intermediate,
    });
    const crls = [
      parseCrl(await issueCrl(s.intermediate, [unrelated.certificate]), 'a'),
      parseCrl(await issueCrl(s.root, []), 'b'),
    ];
    const result = await verifyImageSignatures(request(policy({}), { ...trust, crls }), [
      envelopeFor(s.leaf, chain()),
    ]);
    assert.equal(result.signature?.checks.find((c) => c.check === 'revocation')?.result, 'passed');
    assert.deepEqual(result.logged, []);
  });

  it('refuses an image whose registry scope no statement names', async () => {
    await assert.rejects(
      verifyImageSignatures(
        { ...request(), scope: 'registry.example/other', image: 'registry.example/other@x' },
        [envelopeFor(s.leaf, chain())],
      ),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_NO_TRUST_POLICY' && /registry\.example\/other/.test(e.message),
    );
  });

  it('passes at level audit, logging the failed authenticity check', async () => {
    const doc = policy({
      signatureVerification: { level: 'audit' },
      trustedIdentities: ['x509.subject: C=US, ST=WA, O=Nobody'],
    });
    const result = await verifyImageSignatures(request(doc), [envelopeFor(s.leaf, chain())]);
    assert.equal(result.logged.length, 1);
    const authenticity = result.logged.filter((l) => l.startsWith('authenticity'));
    assert.match(
      authenticity[0]!,
      /authenticity check .* failed: .*not a trusted identity .*logged, not enforced/,
    );
    assert.equal(
      result.signature?.checks.find((c) => c.check === 'authenticity')?.result,
      'failed',
    );
  });

  it('still enforces integrity at level audit', async () => {
    const doc = policy({ signatureVerification: { level: 'audit' } });
    const env = envelopeFor(s.leaf, chain());
    // Another first character, whatever it was: the signature must change.
    const bytes = Buffer.from(
      env.bytes
        .toString()
        .replace(/"signature":"(.)/, (_, c: string) => `"signature":"${c === 'A' ? 'B' : 'A'}`),
    );
    await assert.rejects(
      verifyImageSignatures(request(doc), [{ ...env, bytes }]),
      failsWith('integrity', /integrity check/),
    );
  });

  it('passes at level skip without reading any signature', async () => {
    const doc = policy({
      signatureVerification: { level: 'skip' },
      trustStores: [],
      trustedIdentities: [],
    });
    const result = await verifyImageSignatures(request(doc), []);
    assert.equal(result.signature, undefined);
    assert.equal(result.statement.level, 'skip');
  });

  it('logs instead of failing an expired certificate when the override says log', async () => {
    const later = new Date(now.getTime() + 2 * 365 * 86_400_000);
    const doc = policy({
      signatureVerification: { level: 'strict', override: { authenticTimestamp: 'log' } },
    });
    const result = await verifyImageSignatures(request(doc, trust, later), [
      envelopeFor(s.leaf, chain()),
    ]);
    assert.match(result.logged[0] ?? '', /authenticTimestamp/);
  });

  it('logs an expired signature at level permissive instead of failing', async () => {
    const doc = policy({ signatureVerification: { level: 'permissive' } });
    const env = envelopeFor(s.leaf, chain(), 'jws', {
      signingTime: new Date(now.getTime() - 7_200_000),
      expiry: new Date(now.getTime() - 3_600_000),
    });
    const result = await verifyImageSignatures(request(doc), [env]);
    assert.match(result.logged.join('\n'), /expiry check .* failed: the signature expired at/);
    assert.equal(result.signature?.checks.find((c) => c.check === 'expiry')?.result, 'failed');
  });

  it('says when a given CRL does not cover the chain, and passes', async () => {
    const unrelated = await issueCertificate({
      subject: 'C=US, ST=WA, O=X, CN=x',
      role: 'ca',
      keyType: 'ec-256',
    });
    const crls = [parseCrl(await issueCrl(unrelated, []), 'other.crl')];
    const result = await verifyImageSignatures(request(policy({}), { ...trust, crls }), [
      envelopeFor(s.leaf, chain()),
    ]);
    assert.match(
      result.logged.join('\n'),
      /revocation of .* not established: no current CRL signed by/,
    );
  });

  it('says the image has no signature', async () => {
    await assert.rejects(
      verifyImageSignatures(request(), []),
      (e: Error & { code?: string }) =>
        e.code === 'NOTATION_SIGNATURE_NOT_FOUND' && e.message.includes(IMAGE),
    );
  });

  it('rejects a signature over another digest', async () => {
    const e = signNotationEnvelope({
      format: 'jws',
      target: { ...target, digest: `sha256:${'00'.repeat(32)}` },
      privateKey: s.leaf.privateKey,
      chain: chain(),
    });
    await assert.rejects(
      verifyImageSignatures(request(), [
        { manifestDigest: 'sha256:x', mediaType: e.mediaType, bytes: e.bytes },
      ]),
      failsWith('integrity', /signs sha256:0000/),
    );
  });

  it('rejects a malformed envelope naming the image and the integrity check', async () => {
    await assert.rejects(
      verifyImageSignatures(request(), [
        {
          manifestDigest: 'sha256:x',
          mediaType: 'application/cose',
          bytes: Buffer.from('garbage'),
        },
      ]),
      failsWith('integrity', /not valid CBOR|COSE/),
    );
  });
});
