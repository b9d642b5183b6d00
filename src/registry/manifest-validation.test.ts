// Server-side manifest checks on attacker-controlled bodies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaType } from '../oci/manifest/index.js';
import { validateManifest } from './manifest-validation.js';

const D = `sha256:${'a'.repeat(64)}`;
const desc = (extra: object = {}) => ({
  mediaType: MediaType.OciLayerGzip,
  digest: D,
  size: 1,
  ...extra,
});
const image = (extra: object = {}) => ({
  schemaVersion: 2,
  config: desc({ mediaType: MediaType.OciConfig }),
  layers: [desc()],
  ...extra,
});
const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('validateManifest', () => {
  it('lists the config and local layers as blobs that must exist, skipping foreign layers', () => {
    const foreign = desc({
      digest: `sha256:${'b'.repeat(64)}`,
      urls: ['https://example.com/layer'],
    });
    const result = validateManifest(
      bytes(image({ layers: [desc(), foreign] })),
      MediaType.OciManifest,
    );
    assert.equal(result.kind, 'image');
    assert.deepEqual(
      result.blobs.map((b) => b.digest),
      [D, D],
    );
    assert.equal(result.artifactType, MediaType.OciConfig);
  });

  it("lists an index's children as manifests that must exist", () => {
    const result = validateManifest(
      bytes({ schemaVersion: 2, manifests: [desc({ mediaType: MediaType.OciManifest })] }),
      MediaType.OciIndex,
    );
    assert.equal(result.kind, 'index');
    assert.equal(result.manifests.length, 1);
  });

  it('falls back to the body media type when the Content-Type is generic', () => {
    const result = validateManifest(
      bytes(image({ mediaType: MediaType.OciManifest })),
      'application/json',
    );
    assert.equal(result.mediaType, MediaType.OciManifest);
  });

  const invalid: [string, unknown, string | undefined][] = [
    ['not JSON', '{', MediaType.OciManifest],
    ['an array', '[]', MediaType.OciManifest],
    ['schema 1', image({ schemaVersion: 1 }), MediaType.OciManifest],
    ['no known media type', image(), 'application/json'],
    [
      'a body type contradicting the header',
      image({ mediaType: MediaType.OciIndex }),
      MediaType.OciManifest,
    ],
    ['a missing config', { schemaVersion: 2, layers: [] }, MediaType.OciManifest],
    ['layers not a list', image({ layers: {} }), MediaType.OciManifest],
    [
      'a bad digest',
      image({ layers: [desc({ digest: 'sha256:../../etc' })] }),
      MediaType.OciManifest,
    ],
    ['a negative size', image({ layers: [desc({ size: -1 })] }), MediaType.OciManifest],
    ['a fractional size', image({ layers: [desc({ size: 1.5 })] }), MediaType.OciManifest],
    [
      'a malformed media type',
      image({ layers: [desc({ mediaType: 'no slash' })] }),
      MediaType.OciManifest,
    ],
    ['non-string annotations', image({ annotations: { a: 1 } }), MediaType.OciManifest],
    ['a malformed subject', image({ subject: { digest: D } }), MediaType.OciManifest],
    ['a malformed artifactType', image({ artifactType: 5 }), MediaType.OciManifest],
    ['an index without manifests', { schemaVersion: 2 }, MediaType.OciIndex],
  ];
  for (const [what, body, contentType] of invalid) {
    it(`refuses ${what} with MANIFEST_INVALID`, () => {
      assert.throws(() => validateManifest(bytes(body), contentType), { code: 'MANIFEST_INVALID' });
    });
  }
});
