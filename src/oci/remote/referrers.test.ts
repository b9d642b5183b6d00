import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient } from './client.js';
import { parseReference } from '../reference/index.js';

// A registry like distribution 2.8: no referrers API (404) and no fallback index yet.
describe('referrers on a registry without the referrers API', () => {
  let server: Server;
  let host: string;
  const hits = { api: 0, fallback: 0 };

  before(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('/referrers/')) hits.api += 1;
      else if (req.url?.includes('/manifests/sha256-')) hits.fallback += 1;
      res.statusCode = req.url === '/v2/' ? 200 : 404;
      res.setHeader('content-type', 'application/json');
      res.end(
        req.url === '/v2/' ? '{}' : '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown"}]}',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks for the API once per client, then reads only the tag schema', async () => {
    const client = new RegistryClient();
    try {
      for (const n of ['1', '2', '3']) {
        const subject = parseReference(`${host}/team/app@sha256:${n.repeat(64)}`);
        const referrers = await client.getReferrers(subject);
        assert.deepEqual(referrers, { descriptors: [], source: 'tag-schema' });
      }
      assert.deepEqual(hits, { api: 1, fallback: 3 });
    } finally {
      await client.close();
    }
  });
});
