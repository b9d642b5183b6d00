// The distribution 2.8 starter: each auth mode works with raw requests and with Signet's
// client, and the registry is gone after stop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../core/digest.js';
import { staticCredentials } from '../oci/credentials/index.js';
import { parseReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { buildImage, pushImage } from '../oci/build/index.js';
import { realRegistrySkipReason, startDistributionRegistry } from './distribution-registry.js';
import { rawRequest } from './registry-http.js';

const skip = realRegistrySkipReason();

/** Gets a token from the realm of a Bearer challenge, with or without credentials. */
async function tokenFor(
  challenge: string,
  scope: string,
  authorization?: string,
): Promise<Response> {
  const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
  const service = /service="([^"]+)"/.exec(challenge)![1]!;
  const url = `${realm}?service=${encodeURIComponent(service)}&scope=${encodeURIComponent(scope)}`;
  return fetch(url, authorization === undefined ? {} : { headers: { authorization } });
}

describe('startDistributionRegistry', { skip }, () => {
  it('runs an open registry on loopback and stops it completely', async () => {
    const registry = await startDistributionRegistry();
    assert.match(registry.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(registry.auth, undefined);
    assert.equal(registry.referrersApi, false);
    assert.equal((await rawRequest(registry.url, '/v2/')).status, 200);
    await registry.stop();
    await assert.rejects(rawRequest(registry.url, '/v2/'));
  });

  it('issues tokens that distribution accepts for push and pull, and only to the right user', async () => {
    const registry = await startDistributionRegistry({ auth: 'token' });
    try {
      const ping = await rawRequest(registry.url, '/v2/');
      assert.equal(ping.status, 401);
      const challenge = String(ping.headers['www-authenticate']);
      assert.match(challenge, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="[^"]+"$/);

      const basic = (password: string) =>
        `Basic ${Buffer.from(`${registry.auth!.username}:${password}`).toString('base64')}`;
      const refused = await tokenFor(challenge, 'repository:team/app:pull', basic('wrong'));
      assert.equal(refused.status, 401);

      // An anonymous token carries no access: the registry still refuses.
      const anonymous = (await (await tokenFor(challenge, 'repository:team/app:pull')).json()) as {
        token: string;
      };
      const denied = await rawRequest(registry.url, '/v2/team/app/tags/list', {
        headers: { Authorization: `Bearer ${anonymous.token}` },
      });
      assert.equal(denied.status, 401);

      const granted = (await (
        await tokenFor(challenge, 'repository:team/app:pull,push', basic(registry.auth!.password))
      ).json()) as { token: string };
      const upload = await rawRequest(registry.url, '/v2/team/app/blobs/uploads/', {
        method: 'POST',
        headers: { Authorization: `Bearer ${granted.token}` },
      });
      assert.equal(upload.status, 202);

      // Signet's client does the whole token dance itself.
      const client = new RegistryClient({
        credentials: staticCredentials(registry.host, registry.auth!),
      });
      try {
        const image = buildImage({ layers: 1 });
        const ref = parseReference(`${registry.host}/team/app:v1`);
        await pushImage(client, ref, image);
        assert.equal((await client.getManifest(ref)).digest, image.digest);
        const layer = image.manifest.layers[0]!.digest;
        assert.equal(digestOf(await client.readBlob(ref, layer, 1 << 20)), layer);
      } finally {
        await client.close();
      }
    } finally {
      await registry.stop();
    }
  });

  it('protects the registry with a bcrypt htpasswd file', async () => {
    const registry = await startDistributionRegistry({ auth: 'htpasswd' });
    try {
      assert.equal((await rawRequest(registry.url, '/v2/')).status, 401);
      assert.equal((await rawRequest(registry.url, '/v2/', { auth: registry.auth })).status, 200);
      const data = randomBytes(16);
      const client = new RegistryClient({
        credentials: staticCredentials(registry.host, registry.auth!),
      });
      try {
        const ref = parseReference(`${registry.host}/team/app`);
        const descriptor = await client.putBlob(ref, data);
        assert.equal(await client.blobExists(ref, descriptor.digest), true);
      } finally {
        await client.close();
      }
    } finally {
      await registry.stop();
    }
  });
});

describe('startDistributionRegistry without the binary', () => {
  it('says to run the setup script', async () => {
    await assert.rejects(
      startDistributionRegistry({ binary: '/nonexistent/docker-registry' }),
      /\.\/scripts\/setup\.sh/,
    );
  });
});
