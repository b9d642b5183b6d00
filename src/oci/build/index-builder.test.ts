// Multi-platform indexes: one image per platform, described with its platform.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { MediaType, parseManifest } from '../manifest/index.js';
import { buildIndex, COMMON_PLATFORMS } from './index-builder.js';

describe('buildIndex', () => {
  it('lists one image per platform with its platform, digest and size', () => {
    const platforms = [...COMMON_PLATFORMS, { architecture: 's390x', os: 'linux' }];
    const index = buildIndex(platforms, { layers: 1 });
    assert.equal(index.digest, digestOf(index.manifestBytes));
    assert.equal(
      parseManifest(index.manifestBytes, MediaType.OciIndex, 'built index').kind,
      'index',
    );
    assert.equal(index.manifest.manifests.length, 3);
    for (const [i, entry] of index.manifest.manifests.entries()) {
      const image = index.images[i]!;
      assert.deepEqual(entry.platform, platforms[i]);
      assert.equal(entry.digest, image.digest);
      assert.equal(entry.size, image.manifestBytes.byteLength);
      assert.equal(image.config.architecture, platforms[i]!.architecture);
    }
    const layers = new Set(index.images.map((image) => image.manifest.layers[0]!.digest));
    assert.equal(layers.size, 3, 'each platform has its own layers');
  });

  it('is reproducible from a seed', () => {
    assert.equal(
      buildIndex(undefined, { random: 'x' }).digest,
      buildIndex(undefined, { random: 'x' }).digest,
    );
  });

  it('needs at least one platform', () => {
    assert.throws(() => buildIndex([]), { code: 'BUILD_OPTIONS_INVALID' });
  });
});
