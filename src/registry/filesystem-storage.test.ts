// Filesystem storage: what a registry pushed survives a restart, files appear atomically,
// and no path leaves the storage directory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_ACCEPT, MediaType } from '../oci/manifest/index.js';
import { buildImage } from '../oci/build/index.js';
import { pushBlobRaw, putManifestRaw, rawRequest } from '../testing/index.js';
import { FilesystemStorage } from './filesystem-storage.js';
import { startRegistryServer } from './index.js';

describe('filesystem storage', () => {
  it('keeps manifests, blobs, tags and referrers across a restart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'signet-fs-registry-'));
    try {
      const storage = { kind: 'filesystem', directory } as const;
      const image = buildImage({ random: 'persisted' });
      const first = await startRegistryServer({ storage });
      for (const bytes of image.blobs.values()) await pushBlobRaw(first.url, 'team/app', bytes);
      await putManifestRaw(first.url, 'team/app', 'v1', image.manifestBytes, MediaType.OciManifest);
      const referrer = JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        artifactType: 'application/vnd.example.sig',
        config: image.manifest.config,
        layers: [],
        subject: {
          mediaType: MediaType.OciManifest,
          digest: image.digest,
          size: image.manifestBytes.byteLength,
        },
      });
      assert.equal(
        (await putManifestRaw(first.url, 'team/app', 'sig', referrer, MediaType.OciManifest))
          .status,
        201,
      );
      await first.close();
      assert.deepEqual(
        await readdir(join(directory, 'tmp')),
        [],
        'no temporary file is left behind',
      );

      const second = await startRegistryServer({ storage });
      try {
        const manifest = await rawRequest(second.url, '/v2/team/app/manifests/v1', {
          headers: { Accept: MANIFEST_ACCEPT },
        });
        assert.equal(manifest.status, 200);
        assert.equal(manifest.headers['content-type'], MediaType.OciManifest);
        assert.deepEqual(new Uint8Array(manifest.body), image.manifestBytes);
        for (const [digest, bytes] of image.blobs) {
          const blob = await rawRequest(second.url, `/v2/team/app/blobs/${digest}`);
          assert.deepEqual(new Uint8Array(blob.body), bytes);
        }
        const tags = await rawRequest(second.url, '/v2/team/app/tags/list');
        assert.deepEqual(tags.json().tags, ['sig', 'v1']);
        const referrers = await rawRequest(second.url, `/v2/team/app/referrers/${image.digest}`);
        assert.equal(referrers.json().manifests[0].artifactType, 'application/vnd.example.sig');
      } finally {
        await second.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses any path that would leave the storage directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'signet-fs-guard-'));
    try {
      const storage = new FilesystemStorage(join(directory, 'root'));
      await assert.rejects(
        storage.setTag('../../escape', 'v1', 'sha256:00'),
        /escapes storage root/,
      );
      await assert.rejects(storage.createUpload('../../escape'), /escapes storage root/);
      assert.ok(!(await readdir(directory)).includes('escape'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
