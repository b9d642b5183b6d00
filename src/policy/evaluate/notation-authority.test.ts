import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../oci/reference/index.js';
import { signNotationEnvelope } from '../../signing/notation/sign.js';
import { issueCertificate, type CertifiedKey } from '../../signing/notation/test-certificates.js';
import { validateTrustPolicy } from '../../signing/notation/trust-policy.js';
import { memoryTrustStore } from '../../signing/notation/trust-store.js';
import type { CompiledNotationAuthority } from '../compile-notation.js';
import type { PolicyEvidence } from './evidence.js';
import { evaluateNotationAuthority } from './notation-authority.js';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const IMAGE = { ...parseReference('registry.example/team/app:1.0'), digest: DIGEST };
const SUBJECT = 'C=US, ST=WA, L=Seattle, O=Signet, CN=release';

function authority(root: CertifiedKey, level = 'strict'): CompiledNotationAuthority {
  const trustPolicy = validateTrustPolicy(
    {
      version: '1.0',
      trustPolicies: [
        {
          name: 'release',
          registryScopes: ['*'],
          signatureVerification: { level },
          // Level skip reads no signature, so it names no trust store or identity.
          ...(level === 'skip'
            ? {}
            : { trustStores: ['ca:release'], trustedIdentities: [`x509.subject: ${SUBJECT}`] }),
        },
      ],
    },
    'policy',
  );
  return {
    kind: 'notation',
    spec: { name: 'release' } as CompiledNotationAuthority['spec'],
    trustPolicy,
    trust: { trustStore: memoryTrustStore({ 'ca:release': [root.certificate] }), crls: [] },
  };
}

function evidenceSigned(...signers: CertifiedKey[][]): PolicyEvidence {
  const envelopes = signers.map(([leaf, ...rest], i) => {
    const e = signNotationEnvelope({
      format: 'jws',
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 1 },
      privateKey: leaf!.privateKey,
      chain: [leaf!.certificate, ...rest.map((c) => c.certificate)],
    });
    return {
      manifestDigest: `sha256:${String(i).repeat(64)}`,
      mediaType: e.mediaType,
      bytes: e.bytes,
    };
  });
  return {
    fetchSignatures: () => Promise.reject(new Error('not read')),
    fetchAttestations: () => Promise.reject(new Error('not read')),
    readSecret: () => Promise.reject(new Error('not read')),
    fetchNotationSignatures: () => Promise.resolve(envelopes),
  };
}

describe('Notation authorities report who signed', () => {
  let root: CertifiedKey;
  let leaf: CertifiedKey;
  let otherRoot: CertifiedKey;
  let other: CertifiedKey;
  before(async () => {
    root = await issueCertificate({
      subject: 'C=US, O=Signet, CN=Root',
      role: 'ca',
      keyType: 'ec-256',
    });
    leaf = await issueCertificate({
      subject: SUBJECT,
      role: 'leaf',
      issuer: root,
      keyType: 'ec-256',
    });
    otherRoot = await issueCertificate({
      subject: 'C=US, O=Else, CN=Root',
      role: 'ca',
      keyType: 'ec-256',
    });
    other = await issueCertificate({
      subject: SUBJECT,
      role: 'leaf',
      issuer: otherRoot,
      keyType: 'ec-256',
    });
  });

  it('names the certificate subject of the signature that passed', async () => {
    const outcome = await evaluateNotationAuthority(
      authority(root),
      IMAGE,
      evidenceSigned([other, otherRoot], [leaf, root]),
    );
    assert.deepEqual(outcome, {
      ok: true,
      verified: { signatures: [{ signer: SUBJECT, layout: 'notation' }], attestations: [] },
    });
  });

  it('reports nothing for a signature under another root, nor at level skip', async () => {
    const refused = await evaluateNotationAuthority(
      authority(root),
      IMAGE,
      evidenceSigned([other, otherRoot]),
    );
    assert.equal(refused.ok, false);
    assert.equal('verified' in refused, false);
    const skipped = await evaluateNotationAuthority(
      authority(root, 'skip'),
      IMAGE,
      evidenceSigned([leaf, root]),
    );
    assert.deepEqual(skipped, { ok: true });
  });
});
