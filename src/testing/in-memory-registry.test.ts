// The embedded-registry starter used by tests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startInMemoryRegistry } from './in-memory-registry.js';
import { registryTargets } from './registry-targets.js';
import { rawRequest } from './registry-http.js';

describe('startInMemoryRegistry', () => {
  it('generates credentials for basic auth and enforces them', async () => {
    const registry = await startInMemoryRegistry({ auth: 'basic' });
    try {
      assert.equal(registry.kind, 'embedded');
      assert.ok(registry.auth !== undefined && registry.auth.password.length >= 16);
      assert.equal((await rawRequest(registry.url, '/v2/')).status, 401);
      assert.equal((await rawRequest(registry.url, '/v2/', { auth: registry.auth })).status, 200);
    } finally {
      await registry.stop();
    }
  });

  it('reports whether the referrers API is served', async () => {
    const registry = await startInMemoryRegistry({ referrersApi: false });
    try {
      assert.equal(registry.referrersApi, false);
      assert.equal(
        (await rawRequest(registry.url, `/v2/a/referrers/sha256:${'0'.repeat(64)}`)).status,
        404,
      );
    } finally {
      await registry.stop();
    }
  });
});

describe('registryTargets', () => {
  it('offers distribution and the embedded registry, skipping distribution only on request', () => {
    const targets = registryTargets();
    assert.deepEqual(
      targets.map((t) => t.name),
      ['distribution', 'embedded'],
    );
    const distribution = targets[0]!;
    assert.equal(
      distribution.skipReason !== undefined,
      process.env.SIGNET_SKIP_REAL_REGISTRY === '1',
    );
  });
});
