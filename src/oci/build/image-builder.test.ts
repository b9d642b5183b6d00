// Built images must be valid OCI images: digests, sizes and diff_ids all consistent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf } from '../../core/digest.js';
import { MediaType, parseManifest } from '../manifest/index.js';
import { buildImage } from './image-builder.js';

describe('buildImage', () => {
  it('makes a manifest whose digest, config and layers are consistent', () => {
    const image = buildImage({ layers: 3, layerBytes: 2000, labels: { 'org.example.team': 'a' } });
    assert.equal(image.digest, digestOf(image.manifestBytes));
    const parsed = parseManifest(image.manifestBytes, MediaType.OciManifest, 'built image');
    assert.equal(parsed.kind, 'image');
    assert.equal(image.manifest.layers.length, 3);
    const configBytes = image.blobs.get(image.manifest.config.digest)!;
    assert.equal(image.manifest.config.mediaType, MediaType.OciConfig);
    assert.equal(image.manifest.config.size, configBytes.byteLength);
    assert.deepEqual(JSON.parse(Buffer.from(configBytes).toString('utf8')), image.config);
    assert.deepEqual(image.config.config.Labels, { 'org.example.team': 'a' });
    assert.equal(image.config.history.length, 3);
    for (const [i, layer] of image.manifest.layers.entries()) {
      const compressed = image.blobs.get(layer.digest)!;
      assert.equal(layer.mediaType, MediaType.OciLayerGzip);
      assert.equal(digestOf(compressed), layer.digest);
      assert.equal(layer.size, compressed.byteLength);
      assert.equal(digestOf(gunzipSync(compressed)), image.config.rootfs.diff_ids[i]);
    }
    assert.equal(image.blobs.size, 4);
  });

  it('makes layers that tar reads as gzip archives', async () => {
    const image = buildImage({ layers: 1, layerBytes: 700 });
    const directory = await mkdtemp(join(tmpdir(), 'signet-layer-'));
    try {
      const path = join(directory, 'layer.tar.gz');
      await writeFile(path, image.blobs.get(image.manifest.layers[0]!.digest)!);
      const names = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(names, ['signet-layer-0/', 'signet-layer-0/random.bin']);
      assert.equal(
        execFileSync('tar', ['-xzOf', path, 'signet-layer-0/random.bin']).byteLength,
        700,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('records the platform in the config and the descriptor', () => {
    const platform = { architecture: 'arm', os: 'linux', variant: 'v7' };
    const image = buildImage({ platform, layers: 0 });
    assert.equal(image.config.architecture, 'arm');
    assert.equal(image.config.variant, 'v7');
    assert.deepEqual(image.descriptor.platform, platform);
    assert.deepEqual(image.config.rootfs.diff_ids, []);
  });

  it('builds the same image from the same seed and different ones otherwise', () => {
    assert.equal(buildImage({ random: 42 }).digest, buildImage({ random: 42 }).digest);
    assert.notEqual(buildImage({ random: 42 }).digest, buildImage({ random: 43 }).digest);
    assert.notEqual(buildImage().digest, buildImage().digest);
  });

  it('rejects out-of-range options with BUILD_OPTIONS_INVALID', () => {
    const cases = [
      { layers: -1 },
      { layers: 65 },
      { layers: 1.5 },
      { layerBytes: 65 * 1024 * 1024 },
      { platform: { architecture: '', os: 'linux' } },
    ];
    for (const options of cases) {
      assert.throws(
        () => buildImage(options),
        { code: 'BUILD_OPTIONS_INVALID' },
        JSON.stringify(options),
      );
    }
  });
});
