// sigstoreSigned with fulcio and pki against the containers/image fixtures (real cosign
// output): each image is allowed or rejected exactly as containers/image's own tests
// (signature/policy_eval_sigstore_test.go) expect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readContainersDir } from '../cosign/containers-dir.js';
import {
  present,
  SKIP,
  at,
  followLinks,
  without,
  replacing,
  decide,
  FULCIO_IMAGE,
  fulcio,
  pki,
  assertAllowed,
  assertRejected,
  type Edit,
  REPO,
  PKI_IMAGE,
} from '../../testing/policy-json-fixture-decisions.js';

describe('sigstoreSigned fulcio and pki with the containers/image fixtures', () => {
  it('accepts a Fulcio signature with a SET for every order of log keys', async (t) => {
    if (!present) return t.skip(SKIP);
    for (const rekor of [['rekor.pub'], ['rekor.pub', 'cosign.pub'], ['cosign.pub', 'rekor.pub']]) {
      assertAllowed(
        await decide(...FULCIO_IMAGE, { ...fulcio(), rekorPublicKeyPaths: rekor.map(at), ...REPO }),
      );
    }
  });

  it('needs the chain annotation unless the intermediate is trusted as a CA', async (t) => {
    if (!present) return t.skip(SKIP);
    const requirement = { ...fulcio(), rekorPublicKeyPath: at('rekor.pub'), ...REPO };
    assertRejected(
      await decide(...FULCIO_IMAGE, requirement, without('dev.sigstore.cosign/chain')),
      /Fulcio certificate failed: the certificate is not issued by a trusted certificate authority/,
    );
    const read = await readContainersDir(at(FULCIO_IMAGE[0]), { readFile: followLinks });
    assert.ok(read.signatures[0]!.kind === 'sigstore');
    const chain = read.signatures[0]!.layer.annotations['dev.sigstore.cosign/chain']!;
    const trustingChain = {
      fulcio: {
        caData: Buffer.from(chain).toString('base64'),
        oidcIssuer: 'https://github.com/login/oauth',
        subjectEmail: 'mitr@redhat.com',
      },
      rekorPublicKeyPath: at('rekor.pub'),
      ...REPO,
    };
    assertAllowed(
      await decide(...FULCIO_IMAGE, trustingChain, without('dev.sigstore.cosign/chain')),
    );
  });

  const fulcioRejections: [string, object, Edit | undefined, RegExp][] = [
    [
      'another subject email',
      fulcio({ subjectEmail: 'this-does-not-match@example.com' }),
      undefined,
      /required email "this-does-not-match@example\.com" not found \(got \["mitr@redhat\.com"\]\)/,
    ],
    [
      'another OIDC issuer',
      fulcio({ oidcIssuer: 'https://accounts.google.com' }),
      undefined,
      /unexpected Fulcio OIDC issuer "https:\/\/github\.com\/login\/oauth"/,
    ],
    [
      'another CA',
      fulcio({ caPath: at('pki_root_crts.pem') }),
      undefined,
      /not issued by a trusted certificate authority/,
    ],
    [
      'a malformed certificate',
      fulcio(),
      replacing('dev.sigstore.cosign/certificate', 'this is not a valid certificate'),
      /public key or certificate|signature's key or certificate is not in PEM format/,
    ],
    [
      'no certificate',
      fulcio(),
      without('dev.sigstore.cosign/certificate'),
      /missing dev\.sigstore\.cosign\/certificate annotation/,
    ],
    [
      'no SET',
      fulcio(),
      without('dev.sigstore.cosign/bundle'),
      /missing dev\.sigstore\.cosign\/bundle annotation/,
    ],
  ];
  for (const [name, trust, edit, reason] of fulcioRejections) {
    it(`rejects a Fulcio signature with ${name}`, async (t) => {
      if (!present) return t.skip(SKIP);
      assertRejected(
        await decide(
          ...FULCIO_IMAGE,
          { ...trust, rekorPublicKeyPath: at('rekor.pub'), ...REPO },
          edit,
        ),
        reason,
      );
    });
  }

  it('rejects a Fulcio signature whose SET is from another log key', async (t) => {
    if (!present) return t.skip(SKIP);
    assertRejected(
      await decide(...FULCIO_IMAGE, { ...fulcio(), rekorPublicKeyPath: at('cosign.pub'), ...REPO }),
      /signature verification of the Rekor SET failed/,
    );
  });

  it('accepts a private-PKI signature, with or without the chain annotation when intermediates are trusted', async (t) => {
    if (!present) return t.skip(SKIP);
    assertAllowed(await decide(...PKI_IMAGE, { ...pki(), ...REPO }));
    assertAllowed(
      await decide(...PKI_IMAGE, { ...pki(), ...REPO }, without('dev.sigstore.cosign/chain')),
    );
    assertAllowed(await decide(...PKI_IMAGE, { ...pki({ subjectHostname: undefined }), ...REPO }));
  });

  const pkiRejections: [string, object, Edit | undefined, RegExp][] = [
    [
      'no trusted intermediates and no chain annotation',
      pki({ caIntermediatesPath: undefined }),
      without('dev.sigstore.cosign/chain'),
      /not issued by a trusted certificate authority/,
    ],
    [
      'another subject email',
      pki({ subjectEmail: 'someone@example.com' }),
      undefined,
      /required email "someone@example\.com" not found/,
    ],
    [
      'another hostname',
      pki({ subjectHostname: 'other.example.com' }),
      undefined,
      /not valid for "other\.example\.com"/,
    ],
    [
      'another CA',
      pki({ caRootsPath: at('fulcio_v1.crt.pem') }),
      undefined,
      /not issued by a trusted certificate authority/,
    ],
    [
      'no certificate',
      pki(),
      without('dev.sigstore.cosign/certificate'),
      /missing dev\.sigstore\.cosign\/certificate annotation/,
    ],
    [
      'a malformed certificate',
      pki(),
      replacing(
        'dev.sigstore.cosign/certificate',
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      ),
      /certificate 1 does not parse/,
    ],
  ];
  for (const [name, trust, edit, reason] of pkiRejections) {
    it(`rejects a private-PKI signature with ${name}`, async (t) => {
      if (!present) return t.skip(SKIP);
      assertRejected(await decide(...PKI_IMAGE, { ...trust, ...REPO }, edit), reason);
    });
  }
});
