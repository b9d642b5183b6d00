// Manifest endpoints, run against the real distribution 2.8 and the embedded registry so
// the embedded one answers as a real registry does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../core/digest.js';
import { MANIFEST_ACCEPT, MediaType } from '../oci/manifest/index.js';
import { buildImage, buildIndex } from '../oci/build/index.js';
import {
  pushBlobRaw,
  putManifestRaw,
  rawRequest,
  registryTargets,
  type RunningRegistry,
} from '../testing/index.js';

// distribution serves OCI manifests only to clients that accept them.
const accept = { Accept: MANIFEST_ACCEPT };

async function pushBlobs(
  registry: RunningRegistry,
  repo: string,
  blobs: ReadonlyMap<string, Uint8Array>,
) {
  for (const bytes of blobs.values()) await pushBlobRaw(registry.url, repo, bytes);
}

for (const target of registryTargets()) {
  describe(`manifest endpoints (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
    });
    after(() => registry.stop());

    it('stores a manifest by tag and serves it back with its digest and media type', async () => {
      const image = buildImage({ random: 'tag-roundtrip' });
      await pushBlobs(registry, 'team/app', image.blobs);
      const put = await putManifestRaw(
        registry.url,
        'team/app',
        'v1',
        image.manifestBytes,
        MediaType.OciManifest,
      );
      assert.equal(put.status, 201);
      assert.equal(put.headers['docker-content-digest'], image.digest);
      assert.match(
        String(put.headers.location),
        new RegExp(`/v2/team/app/manifests/${image.digest}$`),
      );

      for (const reference of ['v1', image.digest]) {
        const got = await rawRequest(registry.url, `/v2/team/app/manifests/${reference}`, {
          headers: accept,
        });
        assert.equal(got.status, 200);
        assert.equal(got.headers['content-type'], MediaType.OciManifest);
        assert.equal(got.headers['docker-content-digest'], image.digest);
        assert.deepEqual(new Uint8Array(got.body), image.manifestBytes);
      }
      const head = await rawRequest(registry.url, '/v2/team/app/manifests/v1', {
        method: 'HEAD',
        headers: accept,
      });
      assert.equal(head.status, 200);
      assert.equal(head.headers['docker-content-digest'], image.digest);
      assert.equal(Number(head.headers['content-length']), image.manifestBytes.byteLength);
      assert.equal(head.body.byteLength, 0);
    });

    it('accepts a push by digest only when the content hashes to it', async () => {
      const image = buildImage({ random: 'by-digest' });
      await pushBlobs(registry, 'team/app', image.blobs);
      const good = await putManifestRaw(
        registry.url,
        'team/app',
        image.digest,
        image.manifestBytes,
        MediaType.OciManifest,
      );
      assert.equal(good.status, 201);
      const other = digestOf(new TextEncoder().encode('something else'));
      const bad = await putManifestRaw(
        registry.url,
        'team/app',
        other,
        image.manifestBytes,
        MediaType.OciManifest,
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.errorCode(), 'DIGEST_INVALID');
    });

    it('refuses an image manifest whose layers were never uploaded', async () => {
      const image = buildImage({ random: 'missing-layers' });
      const res = await putManifestRaw(
        registry.url,
        'team/app',
        'broken',
        image.manifestBytes,
        MediaType.OciManifest,
      );
      assert.equal(res.status, 400);
      assert.equal(res.errorCode(), 'MANIFEST_BLOB_UNKNOWN');
    });

    it('refuses an index whose child manifests were never pushed', async () => {
      const index = buildIndex(undefined, { random: 'orphan-index' });
      const res = await putManifestRaw(
        registry.url,
        'team/app',
        'orphan',
        index.manifestBytes,
        MediaType.OciIndex,
      );
      assert.equal(res.status, 400);
      assert.equal(res.errorCode(), 'MANIFEST_BLOB_UNKNOWN');
    });

    it('stores an index after its children', async () => {
      const index = buildIndex(undefined, { random: 'good-index' });
      for (const child of index.images) {
        await pushBlobs(registry, 'team/multi', child.blobs);
        const res = await putManifestRaw(
          registry.url,
          'team/multi',
          child.digest,
          child.manifestBytes,
          MediaType.OciManifest,
        );
        assert.equal(res.status, 201);
      }
      const res = await putManifestRaw(
        registry.url,
        'team/multi',
        'latest',
        index.manifestBytes,
        MediaType.OciIndex,
      );
      assert.equal(res.status, 201);
      const got = await rawRequest(registry.url, '/v2/team/multi/manifests/latest', {
        headers: accept,
      });
      assert.equal(got.headers['content-type'], MediaType.OciIndex);
      assert.equal(got.headers['docker-content-digest'], index.digest);
    });

    it('answers MANIFEST_INVALID to bodies that are not manifests', async () => {
      for (const body of ['{not json', '[]', '{"schemaVersion":2,"config":"x","layers":[]}']) {
        const res = await putManifestRaw(
          registry.url,
          'team/app',
          'junk',
          body,
          MediaType.OciManifest,
        );
        assert.equal(res.status, 400, body);
        assert.equal(res.errorCode(), 'MANIFEST_INVALID', body);
      }
    });

    it('answers MANIFEST_UNKNOWN for a tag or digest it does not hold', async () => {
      for (const reference of ['nope', digestOf(new Uint8Array([1]))]) {
        const res = await rawRequest(registry.url, `/v2/team/app/manifests/${reference}`, {
          headers: accept,
        });
        assert.equal(res.status, 404);
        assert.equal(res.errorCode(), 'MANIFEST_UNKNOWN');
      }
    });

    it('deletes a manifest by digest together with the tags pointing at it', async () => {
      const image = buildImage({ random: 'deleted' });
      await pushBlobs(registry, 'team/gone', image.blobs);
      await putManifestRaw(
        registry.url,
        'team/gone',
        'doomed',
        image.manifestBytes,
        MediaType.OciManifest,
      );
      const del = await rawRequest(registry.url, `/v2/team/gone/manifests/${image.digest}`, {
        method: 'DELETE',
      });
      assert.equal(del.status, 202);
      const byDigest = await rawRequest(registry.url, `/v2/team/gone/manifests/${image.digest}`, {
        headers: accept,
      });
      assert.equal(byDigest.status, 404);
      const byTag = await rawRequest(registry.url, '/v2/team/gone/manifests/doomed', {
        headers: accept,
      });
      assert.equal(byTag.status, 404);
      const again = await rawRequest(registry.url, `/v2/team/gone/manifests/${image.digest}`, {
        method: 'DELETE',
      });
      assert.equal(again.status, 404);
      assert.equal(again.errorCode(), 'MANIFEST_UNKNOWN');
    });
  });
}
