// Pushing built images and indexes with the registry client, to distribution 2.8 and the
// embedded registry, and reading every piece back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { staticCredentials } from '../credentials/index.js';
import { parseReference } from '../reference/index.js';
import { RegistryClient } from '../remote/index.js';
import { registryTargets, type RunningRegistry } from '../../testing/index.js';
import { buildImage } from './image-builder.js';
import { buildIndex } from './index-builder.js';
import { pushImage } from './push-image.js';

for (const target of registryTargets({ auth: 'basic' })) {
  describe(`pushImage (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    let client: RegistryClient;
    before(async () => {
      registry = await target.start();
      client = new RegistryClient({
        credentials: staticCredentials(registry.host, registry.auth!),
      });
    });
    after(async () => {
      await client.close();
      await registry.stop();
    });

    it('pushes an image by tag and reads back the manifest and every blob', async () => {
      const image = buildImage({ layers: 2, layerBytes: 4096 });
      const ref = parseReference(`${registry.host}/team/app:v1`);
      const { digest } = await pushImage(client, ref, image);
      assert.equal(digest, image.digest);
      const fetched = await client.getManifest(ref);
      assert.equal(fetched.digest, image.digest);
      assert.deepEqual(new Uint8Array(fetched.bytes), image.manifestBytes);
      for (const [blobDigest, bytes] of image.blobs) {
        const read = await client.readBlob(ref, blobDigest, 1024 * 1024);
        assert.equal(digestOf(read), blobDigest);
        assert.equal(read.byteLength, bytes.byteLength);
      }
    });

    it('pushes a multi-platform index after its images', async () => {
      const index = buildIndex();
      const ref = parseReference(`${registry.host}/team/multi:latest`);
      await pushImage(client, ref, index);
      const fetched = await client.getManifest(ref);
      assert.equal(fetched.digest, index.digest);
      assert.equal(fetched.parsed.kind, 'index');
      for (const image of index.images) {
        const child = await client.getManifest(
          parseReference(`${registry.host}/team/multi@${image.digest}`),
        );
        assert.equal(child.digest, image.digest);
      }
    });

    it('pushes by digest when the reference has no tag', async () => {
      const image = buildImage({ layers: 1 });
      const ref = parseReference(`${registry.host}/team/app@${image.digest}`);
      await pushImage(client, ref, image);
      assert.equal((await client.headManifest(ref))?.digest, image.digest);
    });

    it('refuses a reference pinned to another digest', async () => {
      const image = buildImage({ layers: 1 });
      const ref = parseReference(`${registry.host}/team/app@${buildImage({ layers: 1 }).digest}`);
      await assert.rejects(pushImage(client, ref, image), { code: 'BUILD_REFERENCE_MISMATCH' });
    });
  });
}
