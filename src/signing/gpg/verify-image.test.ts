// The dir: images of the containers/image fixtures (GPG cases): every signature of an image
// is judged on its own, as containers/image's signedBy requirement does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readContainersDir } from '../cosign/containers-dir.js';
import type { IdentityRule } from './identity.js';
import { loadKeyring } from './keyring.js';
import { containersManifestDigest } from './manifest-digest.js';
import { verifyImageSignatures, type SignatureOutcome } from './verify-image.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const present = existsSync(FIXTURES);
const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;
const NOW = new Date('2025-09-01T00:00:00Z');

/** The fixture copy stores git symlinks as small files holding the relative target path. */
async function followLinks(path: string, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const text = bytes.length < 200 ? bytes.toString('utf8') : '';
  if (/^\.\.\/[\w./-]+$/.test(text)) return followLinks(resolve(dirname(path), text), maxBytes);
  if (bytes.length > maxBytes) throw new Error(`${path} exceeds ${maxBytes} bytes`);
  return new Uint8Array(bytes);
}

interface JudgeOptions {
  readonly key?: string;
  readonly reference?: string;
  readonly rule?: IdentityRule;
}

async function judge(name: string, options: JudgeOptions = {}): Promise<SignatureOutcome[]> {
  const { key = 'public-key.gpg', reference = 'testing/manifest:latest' } = options;
  const rule: IdentityRule = options.rule ?? { type: 'matchExact' };
  const dir = join(FIXTURES, name);
  const image = await readContainersDir(dir, { readFile: followLinks });
  const keyring = await loadKeyring([await followLinks(join(FIXTURES, key), 1 << 20)]);
  return verifyImageSignatures({
    signatures: image.signatures,
    keyring,
    now: NOW,
    image: `dir:${name}`,
    manifestDigest: containersManifestDigest(image.manifest, `${name}/manifest.json`),
    dockerReference: reference,
    identityRule: rule,
  });
}

const kinds = (outcomes: SignatureOutcome[]) =>
  outcomes.map((o) => (o.kind === 'rejected' ? `rejected:${o.error.code}` : o.kind));

describe('containers/image dir: images with GPG signatures', () => {
  const cases: [name: string, options: JudgeOptions, expected: string[]][] = [
    ['dir-img-valid', {}, ['accepted']],
    ['dir-img-valid-2', {}, ['accepted', 'accepted']],
    ['dir-img-valid-subkey', { key: 'public-key-with-subkey.gpg' }, ['accepted']],
    [
      'dir-img-valid',
      { reference: 'testing/manifest:notlatest' },
      ['rejected:GPG_IDENTITY_MISMATCH'],
    ],
    [
      'dir-img-valid-2',
      { reference: 'testing/manifest:notlatest' },
      ['rejected:GPG_IDENTITY_MISMATCH', 'rejected:GPG_IDENTITY_MISMATCH'],
    ],
    [
      'dir-img-valid',
      { rule: { type: 'exactReference', dockerReference: 'this/does-not:match' } },
      ['rejected:GPG_IDENTITY_MISMATCH'],
    ],
    ['dir-img-valid', { key: 'public-key-2.gpg' }, ['rejected:GPG_KEY_UNKNOWN']],
    ['dir-img-modified-manifest', {}, ['rejected:GPG_DIGEST_MISMATCH']],
    ['dir-img-mixed', {}, ['rejected:GPG_PAYLOAD_INVALID', 'accepted']],
    ['dir-img-unsigned', {}, []],
    ['dir-img-cosign-valid', {}, ['skipped']],
    ['dir-img-cosign-valid-2', {}, ['skipped', 'skipped']],
  ];
  for (const [name, options, expected] of cases) {
    it(`${name} (${JSON.stringify(options)}) gives ${expected.join(', ') || 'no signatures'}`, async (t) => {
      if (!present) return t.skip(SKIP);
      assert.deepEqual(kinds(await judge(name, options)), expected);
    });
  }

  it('names the image and the signature position in a rejection', async (t) => {
    if (!present) return t.skip(SKIP);
    const [outcome] = await judge('dir-img-modified-manifest');
    assert.equal(outcome?.kind, 'rejected');
    if (outcome?.kind === 'rejected') {
      assert.match(
        outcome.error.message,
        /^signature-1 of dir:dir-img-modified-manifest signs manifest sha256:20bf/,
      );
    }
  });

  it('reports the signer of an accepted signature', async (t) => {
    if (!present) return t.skip(SKIP);
    const [outcome] = await judge('dir-img-valid-subkey', { key: 'public-key-with-subkey.gpg' });
    assert.equal(
      outcome?.kind === 'accepted' && outcome.signature.signerFingerprint,
      'B9F4CDB9FD8C475BFA340AC38D54A947EE396F36',
    );
  });

  it('cannot judge dir-img-manifest-digest-error: its schema 1 signature block is broken', async (t) => {
    if (!present) return t.skip(SKIP);
    await assert.rejects(judge('dir-img-manifest-digest-error'), {
      code: 'GPG_MANIFEST_INVALID',
      message: /dir-img-manifest-digest-error\/manifest.json is a signed Docker schema 1 manifest/,
    });
  });

  it('cannot judge dir-img-no-manifest: there is no manifest to compare with', async (t) => {
    if (!present) return t.skip(SKIP);
    await assert.rejects(judge('dir-img-no-manifest'), { code: 'CONTAINERS_DIR_NO_MANIFEST' });
  });
});
