// Blob reads and deletes, against distribution 2.8 and the embedded registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../core/digest.js';
import {
  pushBlobRaw,
  rawRequest,
  registryTargets,
  type RunningRegistry,
} from '../testing/index.js';

for (const target of registryTargets()) {
  describe(`blob endpoints (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
    });
    after(() => registry.stop());

    it('serves a blob with its digest and length, and HEAD without the body', async () => {
      const data = randomBytes(500);
      const digest = await pushBlobRaw(registry.url, 'team/app', data);
      const got = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`);
      assert.equal(got.status, 200);
      assert.equal(got.headers['docker-content-digest'], digest);
      assert.deepEqual(got.body, data);
      const head = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`, {
        method: 'HEAD',
      });
      assert.equal(head.status, 200);
      assert.equal(Number(head.headers['content-length']), 500);
      assert.equal(head.body.byteLength, 0);
    });

    it('does not serve a blob from a repository it was never pushed or mounted to', async () => {
      const digest = await pushBlobRaw(registry.url, 'team/app', randomBytes(50));
      const res = await rawRequest(registry.url, `/v2/team/other/blobs/${digest}`);
      assert.equal(res.status, 404);
      assert.equal(res.errorCode(), 'BLOB_UNKNOWN');
    });

    it('answers BLOB_UNKNOWN for an unknown digest and DIGEST_INVALID for a malformed one', async () => {
      const unknown = await rawRequest(
        registry.url,
        `/v2/team/app/blobs/${digestOf(randomBytes(4))}`,
      );
      assert.equal(unknown.status, 404);
      assert.equal(unknown.errorCode(), 'BLOB_UNKNOWN');
      const malformed = await rawRequest(registry.url, '/v2/team/app/blobs/sha256:1234');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.errorCode(), 'DIGEST_INVALID');
    });

    it('deletes a blob from the repository', async () => {
      const digest = await pushBlobRaw(registry.url, 'team/app', randomBytes(60));
      const del = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`, {
        method: 'DELETE',
      });
      assert.equal(del.status, 202);
      const res = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`, {
        method: 'HEAD',
      });
      assert.equal(res.status, 404);
    });
  });
}
