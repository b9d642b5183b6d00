// Blob upload endpoints. The shared cases run against distribution 2.8 and the embedded
// registry; the cases after them cover what only the embedded one does (monolithic POST,
// limits, expiry).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../core/digest.js';
import {
  locationPath,
  pushBlobRaw,
  rawRequest,
  registryTargets,
  startInMemoryRegistry,
  withDigestQuery,
  withRegistry,
  type RunningRegistry,
} from '../testing/index.js';

const octets = { 'Content-Type': 'application/octet-stream' };

async function openSession(registry: RunningRegistry, repo: string): Promise<string> {
  const res = await rawRequest(registry.url, `/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  assert.equal(res.status, 202);
  return locationPath(registry.url, res.headers.location);
}

/** PATCH of one chunk, with a Content-Range when `range` is given. */
function patchChunk(
  registry: RunningRegistry,
  path: string,
  body: Uint8Array | string,
  range?: string,
) {
  const headers = range === undefined ? octets : { ...octets, 'Content-Range': range };
  return rawRequest(registry.url, path, { method: 'PATCH', headers, body });
}

for (const target of registryTargets()) {
  describe(`blob uploads (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
    });
    after(() => registry.stop());

    it('takes a blob in chunks and serves the assembled bytes', async () => {
      const data = randomBytes(3000);
      const digest = digestOf(data);
      let path = await openSession(registry, 'team/app');
      for (const [start, end] of [
        [0, 999],
        [1000, 2999],
      ] as const) {
        const res = await patchChunk(
          registry,
          path,
          data.subarray(start, end + 1),
          `${start}-${end}`,
        );
        assert.equal(res.status, 202);
        assert.equal(res.headers.range, `0-${end}`);
        path = locationPath(registry.url, res.headers.location);
      }
      const done = await rawRequest(registry.url, withDigestQuery(path, digest), { method: 'PUT' });
      assert.equal(done.status, 201);
      assert.equal(done.headers['docker-content-digest'], digest);
      const got = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, data);
    });

    it('refuses to finish an upload whose bytes hash to another digest', async () => {
      const path = await openSession(registry, 'team/app');
      const claimed = digestOf(new TextEncoder().encode('claimed'));
      const res = await rawRequest(registry.url, withDigestQuery(path, claimed), {
        method: 'PUT',
        headers: octets,
        body: 'actual',
      });
      assert.equal(res.status, 400);
      assert.equal(res.errorCode(), 'DIGEST_INVALID');
      const blob = await rawRequest(registry.url, `/v2/team/app/blobs/${claimed}`, {
        method: 'HEAD',
      });
      assert.equal(blob.status, 404);
    });

    it('mounts a blob from another repository, or opens a session when it cannot', async () => {
      const digest = await pushBlobRaw(registry.url, 'team/source', randomBytes(100));
      const mounted = await rawRequest(
        registry.url,
        `/v2/team/target/blobs/uploads/?mount=${digest}&from=team/source`,
        {
          method: 'POST',
        },
      );
      assert.equal(mounted.status, 201);
      assert.equal(mounted.headers['docker-content-digest'], digest);
      assert.equal(
        (await rawRequest(registry.url, `/v2/team/target/blobs/${digest}`, { method: 'HEAD' }))
          .status,
        200,
      );

      const missing = digestOf(randomBytes(8));
      const fallback = await rawRequest(
        registry.url,
        `/v2/team/target/blobs/uploads/?mount=${missing}&from=team/source`,
        {
          method: 'POST',
        },
      );
      assert.equal(fallback.status, 202);
      assert.ok(fallback.headers.location);
    });

    it('reports progress and forgets a cancelled upload', async () => {
      const opened = await openSession(registry, 'team/app');
      const patched = await patchChunk(registry, opened, randomBytes(5));
      // distribution changes the Location (its _state) after every chunk.
      const path = locationPath(registry.url, patched.headers.location);
      const status = await rawRequest(registry.url, path);
      assert.equal(status.status, 204);
      assert.equal(status.headers.range, '0-4');
      const cancel = await rawRequest(registry.url, path, { method: 'DELETE' });
      assert.equal(cancel.status, 204);
      const after = await rawRequest(registry.url, path);
      assert.equal(after.status, 404);
      assert.equal(after.errorCode(), 'BLOB_UPLOAD_UNKNOWN');
    });
  });
}

describe('blob uploads (embedded only)', () => {
  it('stores a monolithic POST with ?digest= at once', async () => {
    await withRegistry(startInMemoryRegistry(), async (registry) => {
      const data = randomBytes(64);
      const digest = digestOf(data);
      const res = await rawRequest(registry.url, `/v2/a/blobs/uploads/?digest=${digest}`, {
        method: 'POST',
        headers: octets,
        body: data,
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.location, `/v2/a/blobs/${digest}`);
    });
  });

  it('refuses a blob over the size limit with 413 and keeps serving', async () => {
    await withRegistry(startInMemoryRegistry({ maxBlobBytes: 1024 }), async (registry) => {
      const data = randomBytes(4096);
      const res = await rawRequest(registry.url, `/v2/a/blobs/uploads/?digest=${digestOf(data)}`, {
        method: 'POST',
        headers: octets,
        body: data,
      });
      assert.equal(res.status, 413);
      assert.equal(res.errorCode(), 'SIZE_INVALID');
      // A chunked upload that grows past the limit is refused the same way.
      const path = await openSession(registry, 'a');
      const first = await patchChunk(registry, path, randomBytes(1000));
      assert.equal(first.status, 202);
      const second = await patchChunk(registry, path, randomBytes(100));
      assert.equal(second.status, 413);
      assert.equal((await rawRequest(registry.url, '/v2/')).status, 200);
    });
  });

  it('answers 416 to a chunk that does not continue the upload or disagrees with Content-Length', async () => {
    await withRegistry(startInMemoryRegistry(), async (registry) => {
      const path = await openSession(registry, 'a');
      // distribution 2.8 accepts out-of-order chunks; the spec (and Signet) answers 416.
      const gap = await patchChunk(registry, path, randomBytes(10), '10-19');
      assert.equal(gap.status, 416);
      const res = await patchChunk(registry, path, randomBytes(10), '0-99');
      assert.equal(res.status, 416);
      assert.equal(res.errorCode(), 'RANGE_INVALID');
      assert.equal(res.headers.range, '0-0');
    });
  });

  it('expires idle uploads', async () => {
    await withRegistry(startInMemoryRegistry({ uploadIdleTimeoutMs: 20 }), async (registry) => {
      const path = await openSession(registry, 'a');
      await new Promise((resolve) => setTimeout(resolve, 60));
      const res = await patchChunk(registry, path, 'x');
      assert.equal(res.status, 404);
      assert.equal(res.errorCode(), 'BLOB_UPLOAD_UNKNOWN');
    });
  });

  it('bounds the number of uploads in progress', async () => {
    await withRegistry(startInMemoryRegistry({ maxUploadSessions: 2 }), async (registry) => {
      await openSession(registry, 'a');
      await openSession(registry, 'a');
      const res = await rawRequest(registry.url, '/v2/a/blobs/uploads/', { method: 'POST' });
      assert.equal(res.status, 429);
      assert.equal(res.errorCode(), 'TOOMANYREQUESTS');
    });
  });

  it("does not let one repository continue another repository's upload", async () => {
    await withRegistry(startInMemoryRegistry(), async (registry) => {
      const path = await openSession(registry, 'a');
      const foreign = path.replace('/v2/a/', '/v2/b/');
      const res = await patchChunk(registry, foreign, 'x');
      assert.equal(res.status, 404);
      assert.equal(res.errorCode(), 'BLOB_UPLOAD_UNKNOWN');
    });
  });
});
