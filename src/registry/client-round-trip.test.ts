// Signet's registry client against the embedded registry: the operations the client
// relies on (chunked uploads, mounts, paged tags, referrers with and without the API).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../core/digest.js';
import { staticCredentials } from '../oci/credentials/index.js';
import { MediaType, type ImageManifest } from '../oci/manifest/index.js';
import { parseReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { buildImage, pushImage } from '../oci/build/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../testing/index.js';

const EMPTY = new TextEncoder().encode('{}');

for (const referrersApi of [true, false]) {
  describe(`registry client round trip (embedded, referrersApi ${referrersApi})`, () => {
    let registry: RunningRegistry;
    let client: RegistryClient;
    before(async () => {
      registry = await startInMemoryRegistry({ auth: 'basic', referrersApi });
      client = new RegistryClient({
        credentials: staticCredentials(registry.host, registry.auth!),
      });
    });
    after(async () => {
      await client.close();
      await registry.stop();
    });

    it('uploads a blob in chunks and mounts it into another repository', async () => {
      const data = randomBytes(10_000);
      const from = parseReference(`${registry.host}/team/source`);
      const to = parseReference(`${registry.host}/team/target`);
      const descriptor = await client.putBlob(from, data, { chunkSize: 3000 });
      assert.equal(descriptor.digest, digestOf(data));
      assert.equal(await client.blobExists(to, descriptor.digest), false);
      assert.equal(await client.mountBlob(from, to, descriptor.digest), true);
      assert.deepEqual(Buffer.from(await client.readBlob(to, descriptor.digest, 20_000)), data);
    });

    it('lists tags across pages', async () => {
      const image = buildImage({ layers: 1, random: 'paged' });
      const tags = Array.from({ length: 7 }, (_, i) => `t${i}`);
      for (const tag of tags)
        await pushImage(client, parseReference(`${registry.host}/team/paged:${tag}`), image);
      const listed = await client.listTags(parseReference(`${registry.host}/team/paged`), {
        pageSize: 3,
      });
      assert.deepEqual(listed, tags);
    });

    it('finds a pushed referrer through the API or the tag schema', async () => {
      const image = buildImage({ layers: 1 });
      const subject = parseReference(`${registry.host}/team/app@${image.digest}`);
      await pushImage(client, subject, image);
      const repo = parseReference(`${registry.host}/team/app`);
      const config = await client.putBlob(repo, EMPTY);
      const referrer: ImageManifest = {
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        artifactType: 'application/vnd.example.sig',
        config: { mediaType: MediaType.OciEmpty, digest: config.digest, size: config.size },
        layers: [],
        subject: {
          mediaType: MediaType.OciManifest,
          digest: image.digest,
          size: image.manifestBytes.byteLength,
        },
      };
      const digest = await client.pushReferrer(repo, referrer);
      const found = await client.getReferrers(subject);
      assert.equal(found.source, referrersApi ? 'api' : 'tag-schema');
      assert.deepEqual(
        found.descriptors.map((d) => [d.digest, d.artifactType]),
        [[digest, 'application/vnd.example.sig']],
      );
    });
  });
}
