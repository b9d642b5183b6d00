// Basic authentication, against distribution 2.8 (htpasswd, bcrypt) and the embedded registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  pushBlobRaw,
  rawRequest,
  registryTargets,
  startInMemoryRegistry,
  withRegistry,
  type RunningRegistry,
} from '../testing/index.js';

for (const target of registryTargets({ auth: 'basic' })) {
  describe(`basic authentication (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
    });
    after(() => registry.stop());

    it('challenges a request without credentials', async () => {
      const res = await rawRequest(registry.url, '/v2/');
      assert.equal(res.status, 401);
      assert.match(String(res.headers['www-authenticate']), /^Basic realm="[^"]+"$/);
      assert.equal(res.errorCode(), 'UNAUTHORIZED');
    });

    it('refuses a wrong password', async () => {
      const auth = { username: registry.auth!.username, password: 'wrong' };
      const res = await rawRequest(registry.url, '/v2/', { auth });
      assert.equal(res.status, 401);
    });

    it('lets the right user push and pull', async () => {
      const data = randomBytes(32);
      const digest = await pushBlobRaw(registry.url, 'team/app', data, registry.auth);
      const res = await rawRequest(registry.url, `/v2/team/app/blobs/${digest}`, {
        auth: registry.auth,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, data);
    });
  });
}

describe('basic authentication with anonymous reads (embedded)', () => {
  it('serves reads to anyone and writes only to users', async () => {
    await withRegistry(
      startInMemoryRegistry({ auth: 'basic', anonymousRead: true }),
      async (registry) => {
        const digest = await pushBlobRaw(registry.url, 'a', randomBytes(8), registry.auth);
        assert.equal((await rawRequest(registry.url, `/v2/a/blobs/${digest}`)).status, 200);
        assert.equal((await rawRequest(registry.url, '/v2/')).status, 200);
        const write = await rawRequest(registry.url, '/v2/a/blobs/uploads/', { method: 'POST' });
        assert.equal(write.status, 401);
        const malformed = await rawRequest(registry.url, '/v2/a/blobs/uploads/', {
          method: 'POST',
          headers: { Authorization: 'Basic !!!not-base64' },
        });
        assert.equal(malformed.status, 401);
      },
    );
  });
});
