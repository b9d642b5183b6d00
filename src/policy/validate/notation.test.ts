import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueCertificate } from '../../signing/notation/test-certificates.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyObject } from '../parse-documents.js';

let pem = '';
const doc = (
  notation: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  apiVersion = 'policy.signet.dev/v1alpha1',
) => ({
  apiVersion,
  kind: 'ClusterImagePolicy',
  metadata: { name: 'notary' },
  spec: {
    images: [{ glob: 'registry.example/**' }],
    authorities: [
      {
        name: 'release',
        notation: {
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:release'],
          trustedIdentities: ['x509.subject: C=US, ST=WA, O=Acme, CN=release'],
          certificates: { 'ca:release': pem },
          ...notation,
        },
        ...extra,
      },
    ],
  },
});

const problemsOf = (value: unknown) =>
  parsePolicyObject(value, 'policy.yaml').problems.filter((p) => p.severity === 'error');

describe('Notation authorities', () => {
  before(async () => {
    pem = (
      await issueCertificate({
        subject: 'C=US, ST=WA, O=Acme, CN=Root',
        role: 'ca',
        keyType: 'ec-256',
      })
    ).certificatePem;
  });

  it('reads a Notation authority and compiles its trust store', () => {
    const parsed = parsePolicyObject(
      doc({ signatureVerification: { level: 'permissive', override: { revocation: 'skip' } } }),
      'policy.yaml',
    );
    assert.deepEqual(parsed.problems, []);
    const authority = parsed.documents[0]!.authorities[0]!;
    assert.equal(authority.kind, 'notation');
    const compiled = compilePolicies(parsed.documents).policies[0]!.authorities[0]!;
    assert.equal(compiled.kind, 'notation');
    if (compiled.kind !== 'notation') return;
    assert.equal(compiled.trustPolicy.statements[0]!.actions.revocation, 'skip');
    assert.equal(compiled.trust.trustStore.certificates('ca', 'release')?.length, 1);
  });

  const bad: [string, unknown, RegExp][] = [
    [
      'a trust store without certificates',
      { certificates: {} },
      /no certificates for trust store ca:release/,
    ],
    [
      'certificates that are not PEM',
      { certificates: { 'ca:release': 'nope' } },
      /not PEM certificates/,
    ],
    [
      'an identity without C, ST and O',
      { trustedIdentities: ['x509.subject: CN=x'] },
      /lacks C, ST, O/,
    ],
    [
      'an unknown level',
      { signatureVerification: { level: 'lenient' } },
      /strict, permissive, audit or skip/,
    ],
    [
      'an override of integrity',
      { signatureVerification: { level: 'strict', override: { integrity: 'log' } } },
      /integrity cannot be overridden/,
    ],
    ['a CRL that does not parse', { crls: ['garbage'] }, /not a certificate revocation list/],
    ['an unknown field', { registryScopes: ['*'] }, /unknown field/],
  ];
  for (const [name, notation, message] of bad) {
    it(`refuses ${name}`, () => {
      const problems = problemsOf(doc(notation as Record<string, unknown>));
      assert.ok(
        problems.some(
          (p) => message.test(p.message) && p.path.startsWith('spec.authorities[0].notation'),
        ),
        JSON.stringify(problems),
      );
    });
  }

  it('refuses a key beside notation', () => {
    const problems = problemsOf(doc({}, { key: { data: 'x' } }));
    assert.ok(
      problems.some((p) => /has key and notation|exactly one/.test(p.message)),
      JSON.stringify(problems),
    );
  });

  it("refuses a Notation authority in policy-controller's API group", () => {
    const problems = problemsOf(doc({}, {}, 'policy.sigstore.dev/v1beta1'));
    assert.ok(
      problems.some((p) => /policy\.signet\.dev/.test(p.message)),
      JSON.stringify(problems),
    );
  });
});
