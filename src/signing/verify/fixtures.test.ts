// Interoperability: the cosign signatures in the containers/image fixtures (real cosign
// output, see ../shared/fixtures/README.md) verify or fail exactly as their names say.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parsePublicKey } from '../../core/keys/index.js';
import {
  parseContainersSignature,
  readContainersDir,
  type ContainersDirImage,
} from '../cosign/containers-dir.js';
import type { SignatureLayer } from '../cosign/signature-layer.js';
import { buildSimpleSigningPayload, parseSimpleSigningPayload } from '../cosign/simple-signing.js';
import type { VerificationResult } from './result.js';
import { createVerifier } from './verifier.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const present = existsSync(FIXTURES);
const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;

/** The fixture copy stores git symlinks as small files holding the relative target path. */
async function followLinks(path: string, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const text = bytes.length < 200 ? bytes.toString('utf8') : '';
  if (/^\.\.\/[\w./-]+$/.test(text)) return followLinks(resolve(dirname(path), text), maxBytes);
  if (bytes.length > maxBytes) throw new Error(`${path} exceeds ${maxBytes} bytes`);
  return new Uint8Array(bytes);
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const keys = present
  ? {
      cosign: parsePublicKey(fixture('cosign.pub'), 'cosign.pub'),
      cosign2: parsePublicKey(fixture('cosign2.pub'), 'cosign2.pub'),
    }
  : undefined;

async function dirImage(name: string): Promise<ContainersDirImage> {
  return readContainersDir(join(FIXTURES, name), { readFile: followLinks });
}

function layersOf(image: ContainersDirImage): SignatureLayer[] {
  return image.signatures.map((s) =>
    s.kind === 'sigstore'
      ? s.layer
      : { mediaType: 'application/pgp-signature', payload: s.bytes, annotations: {} },
  );
}

async function verifyDir(
  name: string,
  withKeys: 'cosign' | 'both' | 'none' = 'cosign',
): Promise<VerificationResult> {
  const image = await dirImage(name);
  const chosen =
    withKeys === 'none' ? [] : withKeys === 'both' ? [keys!.cosign, keys!.cosign2] : [keys!.cosign];
  return createVerifier({ keys: chosen }).verify({
    imageDigest: image.manifestDigest,
    signatures: layersOf(image),
  });
}

describe('containers/image cosign fixtures', () => {
  for (const name of ['dir-img-cosign-valid', 'dir-img-cosign-valid-with-tag']) {
    it(`${name} verifies with cosign.pub`, async (t) => {
      if (!present) return t.skip(SKIP);
      const result = await verifyDir(name);
      assert.equal(result.ok, true, result.message);
      assert.equal(result.layers[0]!.keyId, keys!.cosign.keyId);
      assert.deepEqual(result.layers[0]!.checks, {
        signature: 'ok',
        digest: 'ok',
        tlog: 'absent',
        certificate: 'absent',
      });
    });
  }

  // The fixtures README says the second signature of -valid-2 uses cosign2.pub; the bytes
  // say otherwise: both are by cosign.pub, and cosign2.pub signed -key-rekor-valid.
  it('dir-img-cosign-valid-2 verifies both of its signatures with cosign.pub', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verifyDir('dir-img-cosign-valid-2');
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.layers.map((l) => [l.reason, l.keyId]),
      [
        ['verified', keys!.cosign.keyId],
        ['verified', keys!.cosign.keyId],
      ],
    );
    const withBoth = await verifyDir('dir-img-cosign-valid-2', 'both');
    assert.equal(withBoth.verified.length, 2);
  });

  it('dir-img-cosign-key-rekor-valid verifies with cosign2.pub and reports the Rekor bundle as not checked', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verifyDir('dir-img-cosign-key-rekor-valid', 'both');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.layers[0]!.keyId, keys!.cosign2.keyId);
    assert.equal(result.layers[0]!.checks.tlog, 'not-checked');
    // Cross-check: the key recorded in the Rekor entry body is cosign2.pub.
    const image = await dirImage('dir-img-cosign-key-rekor-valid');
    const layer = (image.signatures[0] as { layer: SignatureLayer }).layer;
    const bundle = JSON.parse(layer.annotations['dev.sigstore.cosign/bundle']!);
    const body = JSON.parse(Buffer.from(bundle.Payload.body, 'base64').toString());
    const entryKey = parsePublicKey(
      Buffer.from(body.spec.signature.publicKey.content, 'base64').toString(),
      'rekor entry key',
    );
    assert.equal(entryKey.keyId, keys!.cosign2.keyId);
    assert.equal(
      (await verifyDir('dir-img-cosign-key-rekor-valid')).layers[0]!.reason,
      'signature-invalid',
    );
  });

  for (const name of ['dir-img-cosign-fulcio-rekor-valid', 'dir-img-cosign-pki-valid']) {
    it(`${name}: the signature verifies with its certificate, which is not checked, so the image is not trusted`, async (t) => {
      if (!present) return t.skip(SKIP);
      const result = await verifyDir(name, 'none');
      assert.equal(result.ok, false);
      assert.equal(result.code, 'NO_MATCHING_SIGNATURE');
      const [only] = result.layers;
      assert.equal(only!.reason, 'certificate-not-trusted');
      assert.equal(only!.checks.signature, 'ok');
      assert.equal(only!.checks.digest, 'ok');
      assert.equal(only!.checks.certificate, 'not-checked');
      const withKey = await verifyDir(name);
      assert.equal(
        withKey.layers[0]!.reason,
        'signature-invalid',
        'cosign.pub did not make these signatures',
      );
    });
  }

  for (const name of ['dir-img-cosign-modified-manifest', 'dir-img-cosign-manifest-digest-error']) {
    it(`${name} fails because the signed digest is not the manifest's`, async (t) => {
      if (!present) return t.skip(SKIP);
      const result = await verifyDir(name);
      assert.equal(result.ok, false);
      assert.equal(result.code, 'NO_MATCHING_SIGNATURE');
      assert.equal(result.layers[0]!.reason, 'digest-mismatch');
      assert.equal(result.layers[0]!.checks.signature, 'ok');
    });
  }

  it('dir-img-cosign-no-manifest fails clearly: there is no manifest to compare', async (t) => {
    if (!present) return t.skip(SKIP);
    await assert.rejects(dirImage('dir-img-cosign-no-manifest'), {
      code: 'CONTAINERS_DIR_NO_MANIFEST',
      message: /no manifest\.json/,
    });
  });

  it('dir-img-cosign-mixed: the signature by an unknown key fails, the valid one verifies', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verifyDir('dir-img-cosign-mixed');
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.layers.map((l) => l.reason),
      ['signature-invalid', 'verified'],
    );
  });

  it('a GPG signature mixed with a cosign one is skipped as not a cosign signature', async (t) => {
    if (!present) return t.skip(SKIP);
    const image = await dirImage('dir-img-cosign-valid');
    const gpg = parseContainersSignature(
      new Uint8Array(readFileSync(join(FIXTURES, 'image.signature'))),
      'image.signature',
    );
    assert.equal(gpg.kind, 'simple-signing');
    const signatures = layersOf({ ...image, signatures: [gpg, ...image.signatures] });
    const result = createVerifier({ keys: [keys!.cosign] }).verify({
      imageDigest: image.manifestDigest,
      signatures,
    });
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.layers.map((l) => [l.status, l.reason]),
      [
        ['skipped', 'not-a-cosign-signature'],
        ['verified', 'verified'],
      ],
    );
  });

  it('dir-img-cosign-other-attachment: the non-signature attachment is skipped', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verifyDir('dir-img-cosign-other-attachment');
    assert.equal(result.ok, false);
    assert.equal(result.code, 'NO_SIGNATURES');
    assert.equal(result.layers[0]!.status, 'skipped');
    assert.equal(result.layers[0]!.reason, 'not-a-cosign-signature');
  });

  it('unknown-cosign-key.signature fails with a wrong-key reason', async (t) => {
    if (!present) return t.skip(SKIP);
    const image = await dirImage('dir-img-cosign-valid');
    const unknown = parseContainersSignature(
      new Uint8Array(readFileSync(join(FIXTURES, 'unknown-cosign-key.signature'))),
      'unknown-cosign-key.signature',
    );
    const result = createVerifier({ keys: [keys!.cosign, keys!.cosign2] }).verify({
      imageDigest: image.manifestDigest,
      signatures: layersOf({ ...image, signatures: [unknown] }),
    });
    assert.equal(result.ok, false);
    assert.equal(result.layers[0]!.reason, 'signature-invalid');
    assert.match(result.layers[0]!.message, /does not verify with any trusted key/);
  });
  it('rebuilds every fixture payload byte for byte from its parsed fields', async (t) => {
    if (!present) return t.skip(SKIP);
    let checked = 0;
    for (const name of readdirSync(FIXTURES).filter(
      (n) => n.startsWith('dir-img-cosign-') && n !== 'dir-img-cosign-no-manifest',
    )) {
      for (const layer of layersOf(await dirImage(name))) {
        if (layer.mediaType !== 'application/vnd.dev.cosign.simplesigning.v1+json') continue;
        const parsed = parseSimpleSigningPayload(layer.payload, name);
        const annotations = (parsed.optional ?? undefined) as
          Record<string, string | number> | undefined;
        const rebuilt = buildSimpleSigningPayload({
          dockerReference: parsed.dockerReference,
          manifestDigest: parsed.manifestDigest,
          annotations,
        });
        assert.deepEqual(rebuilt, layer.payload, name);
        checked += 1;
      }
    }
    assert.ok(checked >= 10, `checked ${checked} payloads`);
  });
});
