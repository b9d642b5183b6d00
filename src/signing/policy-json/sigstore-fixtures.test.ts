// sigstoreSigned with keys (and Rekor keys) against the containers/image fixtures (real
// cosign output, see ../shared/fixtures/README.md): each image is allowed or rejected
// exactly as containers/image's own tests (signature/policy_eval_sigstore_test.go) expect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseContainersSignature, readContainersDir } from '../cosign/containers-dir.js';
import {
  present,
  SKIP,
  at,
  text,
  base64,
  followLinks,
  without,
  replacing,
  decide,
  KEY_IMAGE,
  KEY_REKOR_IMAGE,
  assertAllowed,
  assertRejected,
  REPO,
} from '../../testing/policy-json-fixture-decisions.js';

describe('sigstoreSigned keys with the containers/image fixtures', () => {
  const keyForms: [string, object][] = [
    ['keyPath', { keyPath: at('cosign.pub') }],
    ['keyPaths', { keyPaths: [at('cosign.pub'), at('cosign2.pub')] }],
    ['keyPaths in the other order', { keyPaths: [at('cosign2.pub'), at('cosign.pub')] }],
    ['keyData', { keyData: present ? base64('cosign.pub') : '' }],
    ['keyDatas', { keyDatas: present ? [base64('cosign2.pub'), base64('cosign.pub')] : [] }],
  ];
  for (const [name, keys] of keyForms) {
    it(`accepts a cosign key signature with ${name}`, async (t) => {
      if (!present) return t.skip(SKIP);
      assertAllowed(await decide(...KEY_IMAGE, { ...keys, ...REPO }));
    });
  }

  it('accepts a key signature with a Rekor SET for every order of keys and log keys', async (t) => {
    if (!present) return t.skip(SKIP);
    for (const keyPaths of [
      ['cosign2.pub'],
      ['cosign2.pub', 'cosign.pub'],
      ['cosign.pub', 'cosign2.pub'],
    ]) {
      for (const rekor of [
        ['rekor.pub'],
        ['rekor.pub', 'cosign.pub'],
        ['cosign.pub', 'rekor.pub'],
      ]) {
        const requirement = {
          keyPaths: keyPaths.map(at),
          rekorPublicKeyPaths: rekor.map(at),
          ...REPO,
        };
        assertAllowed(await decide(...KEY_REKOR_IMAGE, requirement));
      }
    }
  });

  it('ignores the Rekor bundle when no Rekor key is given', async (t) => {
    if (!present) return t.skip(SKIP);
    const requirement = { keyPath: at('cosign2.pub'), ...REPO };
    assertAllowed(
      await decide(
        ...KEY_REKOR_IMAGE,
        requirement,
        replacing('dev.sigstore.cosign/bundle', 'junk'),
      ),
    );
  });

  it('rejects a key signature without a SET when Rekor keys are given', async (t) => {
    if (!present) return t.skip(SKIP);
    const requirement = {
      keyPath: at('cosign2.pub'),
      rekorPublicKeyPath: at('rekor.pub'),
      ...REPO,
    };
    assertRejected(
      await decide(...KEY_REKOR_IMAGE, requirement, without('dev.sigstore.cosign/bundle')),
      /missing dev\.sigstore\.cosign\/bundle annotation/,
    );
    assertRejected(
      await decide(
        ...KEY_REKOR_IMAGE,
        requirement,
        replacing('dev.sigstore.cosign/bundle', 'not a SET'),
      ),
      /Rekor SET is not valid JSON/,
    );
  });

  it('rejects a SET signed by another key than the Rekor keys', async (t) => {
    if (!present) return t.skip(SKIP);
    const requirement = {
      keyPath: at('cosign2.pub'),
      rekorPublicKeyPath: at('cosign.pub'),
      ...REPO,
    };
    assertRejected(
      await decide(...KEY_REKOR_IMAGE, requirement),
      /signature verification of the Rekor SET failed/,
    );
  });

  it('rejects a SET that logs another signature', async (t) => {
    if (!present) return t.skip(SKIP);
    const set = (await readContainersDir(at(KEY_REKOR_IMAGE[0]), { readFile: followLinks }))
      .signatures[0]!;
    assert.ok(set.kind === 'sigstore');
    const requirement = {
      keyPaths: [at('cosign.pub'), at('cosign2.pub')],
      rekorPublicKeyPath: at('rekor.pub'),
      ...REPO,
    };
    const moved = replacing(
      'dev.sigstore.cosign/bundle',
      set.layer.annotations['dev.sigstore.cosign/bundle']!,
    );
    assertRejected(
      await decide(...KEY_IMAGE, requirement, moved),
      /no public key verified against the Rekor SET/,
    );
  });

  it('judges images as containers/image isRunningImageAllowed does', async (t) => {
    if (!present) return t.skip(SKIP);
    const key = { keyPath: at('cosign.pub') };
    assertAllowed(await decide('dir-img-cosign-valid-2', KEY_IMAGE[1], { ...key, ...REPO }));
    assertAllowed(await decide('dir-img-cosign-mixed', KEY_IMAGE[1], { ...key, ...REPO }));
    assertRejected(
      await decide('dir-img-unsigned', 'testing/manifest:latest', { ...key, ...REPO }),
      /^a signature was required, but no signature exists$/,
    );
    assertRejected(
      await decide('dir-img-valid', 'testing/manifest:latest', { ...key, ...REPO }),
      /no signature exists \(1 non-sigstore signatures, 0 sigstore non-signature attachments\)/,
    );
    assertRejected(
      await decide('dir-img-cosign-other-attachment', 'testing/manifest:latest', {
        ...key,
        ...REPO,
      }),
      /0 non-sigstore signatures, 1 sigstore non-signature attachments/,
    );
    assertRejected(
      await decide(KEY_IMAGE[0], 'testing/manifest:notlatest', { ...key, ...REPO }),
      /identity "192\.168\.64\.2:5000\/cosign-signed-single-sample" is not accepted/,
    );
    assertRejected(
      await decide('dir-img-cosign-valid-2', 'this/does-not:match', { ...key, ...REPO }),
      /none of the signatures were accepted/,
    );
    assertRejected(
      await decide('dir-img-cosign-modified-manifest', KEY_IMAGE[1], { ...key, ...REPO }),
      /signature for digest sha256:[0-9a-f]{64} does not match/,
    );
    assertRejected(
      await decide('dir-img-cosign-manifest-digest-error', KEY_IMAGE[1], { ...key, ...REPO }),
      /does not match/,
    );
  });

  it('applies matchExact to the tag a signature names', async (t) => {
    if (!present) return t.skip(SKIP);
    const exact = { keyPath: at('cosign.pub'), signedIdentity: { type: 'matchExact' } };
    assertAllowed(
      await decide('dir-img-cosign-valid-with-tag', '192.168.64.2:5000/skopeo-signed:tag', exact),
    );
    assertRejected(
      await decide(
        'dir-img-cosign-valid-with-tag',
        '192.168.64.2:5000/skopeo-signed:othertag',
        exact,
      ),
      /is not accepted/,
    );
    assertRejected(await decide(...KEY_IMAGE, exact), /is not accepted/);
  });

  it('rejects a signature by an unknown key and a signature that does not verify', async (t) => {
    if (!present) return t.skip(SKIP);
    const unknown = parseContainersSignature(
      readFileSync(at('unknown-cosign-key.signature')),
      'unknown',
    );
    assert.ok(unknown.kind === 'sigstore');
    const requirement = { keyPath: at('cosign.pub'), ...REPO };
    assertRejected(
      await decide(...KEY_IMAGE, requirement, () => unknown.layer),
      /cryptographic signature verification failed/,
    );
    const forged = replacing(
      'dev.cosignproject.cosign/signature',
      Buffer.from('invalid signature').toString('base64'),
    );
    assertRejected(
      await decide(...KEY_IMAGE, requirement, forged),
      /cryptographic signature verification failed/,
    );
    assertRejected(
      await decide(...KEY_IMAGE, requirement, without('dev.cosignproject.cosign/signature')),
      /missing dev\.cosignproject\.cosign\/signature annotation/,
    );
  });

  it('rejects every image when a Rekor key is not ECDSA', async (t) => {
    if (!present) return t.skip(SKIP);
    const requirement = {
      keyPath: at('cosign2.pub'),
      rekorPublicKeyPath: at('some-rsa-key.pub'),
      ...REPO,
    };
    assertRejected(await decide(...KEY_REKOR_IMAGE, requirement), /is not an ECDSA key/);
    assert.match(text('some-rsa-key.pub'), /PUBLIC KEY/);
  });
});
