import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { MAX_MANIFEST_BYTES, MediaType } from './media-types.js';
import { parseManifest } from './parse.js';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;
const desc = (mediaType: string, digest = D1, size = 10) => ({ mediaType, digest, size });
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const image = {
  schemaVersion: 2,
  mediaType: MediaType.OciManifest,
  config: desc(MediaType.OciConfig),
  layers: [desc(MediaType.OciLayerGzip, D2, 20)],
};
const index = {
  schemaVersion: 2,
  mediaType: MediaType.OciIndex,
  manifests: [{ ...desc(MediaType.OciManifest), platform: { architecture: 'amd64', os: 'linux' } }],
};

function rejects(input: Uint8Array, code: string, pattern: RegExp, contentType?: string) {
  assert.throws(
    () => parseManifest(input, contentType, 'manifest example.com/app:1'),
    (err: unknown) => {
      assert.ok(isSignetError(err));
      assert.equal(err.code, code);
      assert.match(err.message, /example\.com\/app:1/);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

describe('parseManifest', () => {
  it('parses an OCI image manifest', () => {
    const parsed = parseManifest(bytes(image));
    assert.equal(parsed.kind, 'image');
    assert.equal(parsed.mediaType, MediaType.OciManifest);
    assert.equal(parsed.kind === 'image' && parsed.manifest.layers[0]?.digest, D2);
  });

  it('parses an OCI index with platforms', () => {
    const parsed = parseManifest(bytes(index));
    assert.equal(parsed.kind, 'index');
    assert.equal(parsed.kind === 'index' && parsed.manifest.manifests[0]?.platform?.os, 'linux');
  });

  it('parses Docker schema 2 manifests and lists by their media type', () => {
    const docker = { ...image, mediaType: MediaType.DockerManifest };
    assert.equal(parseManifest(bytes(docker)).mediaType, MediaType.DockerManifest);
    const list = { ...index, mediaType: MediaType.DockerManifestList };
    assert.equal(parseManifest(bytes(list)).kind, 'index');
  });

  it('takes the media type from Content-Type when the body omits it', () => {
    const { mediaType: _omit, ...bare } = image;
    const parsed = parseManifest(bytes(bare), `${MediaType.DockerManifest}; charset=utf-8`);
    assert.equal(parsed.mediaType, MediaType.DockerManifest);
  });

  it('infers the kind from the shape when neither body nor header names a type', () => {
    const { mediaType: _a, ...bareIndex } = index;
    assert.equal(parseManifest(bytes(bareIndex), 'application/json').mediaType, MediaType.OciIndex);
    const { mediaType: _b, ...bareImage } = image;
    assert.equal(parseManifest(bytes(bareImage)).mediaType, MediaType.OciManifest);
  });

  it('keeps subject, artifactType and annotations of a referrer manifest', () => {
    const referrer = {
      ...image,
      artifactType: 'application/vnd.example+json',
      subject: desc(MediaType.OciManifest, D2, 5),
      annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
    };
    const parsed = parseManifest(bytes(referrer));
    assert.equal(parsed.manifest.subject?.digest, D2);
    assert.equal(parsed.manifest.artifactType, 'application/vnd.example+json');
  });

  it('rejects Docker schema 1 with a clear message', () => {
    const v1 = { schemaVersion: 1, name: 'app', tag: '1', fsLayers: [] };
    rejects(bytes(v1), 'MANIFEST_INVALID', /schema 1.*push the image again/);
    rejects(
      bytes({ schemaVersion: 2 }),
      'MANIFEST_INVALID',
      /schema 1/,
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
    );
  });

  it('rejects a manifest over 4 MiB', () => {
    rejects(new Uint8Array(MAX_MANIFEST_BYTES + 1), 'MANIFEST_TOO_LARGE', /over the .*limit/);
  });

  const cases: [string, unknown, RegExp][] = [
    ['non-JSON', 'not json', /not UTF-8 JSON/],
    ['a JSON array', [], /not a JSON object/],
    ['schemaVersion 3', { ...image, schemaVersion: 3 }, /schemaVersion must be 2/],
    ['an unknown media type', { ...image, mediaType: 'text/plain' }, /not an OCI or Docker/],
    ['a non-string media type', { ...image, mediaType: 7 }, /mediaType must be a string/],
    ['a missing config', { ...image, config: undefined }, /config must be a descriptor/],
    ['layers that are not an array', { ...image, layers: {} }, /layers must be an array/],
    [
      'a layer with a bad digest',
      { ...image, layers: [desc(MediaType.OciLayerGzip, 'sha256:xyz')] },
      /layers\[0\]\.digest must be a digest/,
    ],
    [
      'a negative size',
      { ...image, config: desc(MediaType.OciConfig, D1, -1) },
      /config\.size must be a non-negative integer/,
    ],
    ['a fractional size', { ...image, config: desc(MediaType.OciConfig, D1, 1.5) }, /config\.size/],
    [
      'a descriptor without media type',
      { ...image, layers: [{ digest: D1, size: 1 }] },
      /layers\[0\]\.mediaType must be a media type/,
    ],
    [
      'an index entry with a malformed platform',
      { ...index, manifests: [{ ...desc(MediaType.OciManifest), platform: { os: 1 } }] },
      /manifests\[0\]\.platform\.architecture must be a string/,
    ],
    [
      'non-string annotations',
      { ...image, annotations: { a: 1 } },
      /annotations must be an object/,
    ],
    ['a bad subject', { ...image, subject: { digest: D1 } }, /subject\.mediaType/],
    ['an ambiguous shape', { schemaVersion: 2, manifests: [], layers: [] }, /either "manifests"/],
  ];
  for (const [name, doc, pattern] of cases) {
    it(`rejects ${name}`, () => {
      const input = typeof doc === 'string' ? new TextEncoder().encode(doc) : bytes(doc);
      rejects(input, 'MANIFEST_INVALID', pattern);
    });
  }

  it('rejects a body whose mediaType disagrees with Content-Type', () => {
    rejects(
      bytes(image),
      'MANIFEST_INVALID',
      /disagrees with the Content-Type/,
      MediaType.OciIndex,
    );
  });

  it('lists every problem at once in details', () => {
    const bad = { schemaVersion: 2, mediaType: MediaType.OciManifest, config: {}, layers: [1, 2] };
    try {
      parseManifest(bytes(bad));
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(isSignetError(err));
      const problems = err.details.problems as string[];
      assert.ok(problems.length >= 5, problems.join('\n'));
      assert.ok(problems.includes('layers[1] must be a descriptor object'));
    }
  });
});
