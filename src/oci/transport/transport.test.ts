// The transport against purpose-built misbehaving registries (node:http servers on
// 127.0.0.1): authentication flows, retries, timeouts and error mapping.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isSignetError, type SignetError } from '../../core/errors.js';
import { HttpClient } from './http.js';
import { RegistryTransport, type RegistryRequest } from './transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: { close(): void }[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Setup {
  credential?: { username?: string; password?: string; identityToken?: string };
  maxRetries?: number;
  timeoutMs?: number;
  plainHttp?: boolean;
}

function transportFor(host: string, setup: Setup = {}) {
  const sleeps: number[] = [];
  const clock = { now: 1_000_000 };
  const http = new HttpClient({ timeoutMs: setup.timeoutMs ?? 5000 });
  servers.push({ close: () => void http.close() });
  const transport = new RegistryTransport({
    registry: host,
    endpoint: host,
    credential: setup.credential,
    http,
    plainHttpAllowed: () => setup.plainHttp ?? true,
    retry: {
      maxRetries: setup.maxRetries ?? 3,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      maxRetryAfterMs: 5000,
    },
    environment: {
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      now: () => clock.now,
      random: () => 0.5,
    },
    userAgent: 'signet-test',
    timeoutMs: setup.timeoutMs ?? 5000,
  });
  return { transport, sleeps, clock };
}

const get = (
  target = '/v2/app/manifests/1',
  scopes = ['repository:app:pull'],
): RegistryRequest => ({
  method: 'GET',
  target,
  scopes,
  what: 'manifest app:1',
});

async function text(transport: RegistryTransport, request = get()): Promise<string> {
  const response = await transport.request(request);
  let out = '';
  for await (const chunk of response.body) out += (chunk as Buffer).toString();
  return out;
}

async function failure(promise: Promise<unknown>): Promise<SignetError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isSignetError(err), String(err));
    return err;
  }
  assert.fail('expected a SignetError');
}

const ok = (res: ServerResponse, body = 'ok') => res.writeHead(200).end(body);

describe('RegistryTransport', () => {
  it('names the registry and says how to supply credentials on a 401 without credentials', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="r"',
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    });
    const err = await failure(transportFor(host).transport.request(get()));
    assert.equal(err.code, 'REGISTRY_UNAUTHORIZED');
    assert.match(err.message, new RegExp(`registry ${host}`));
    assert.match(err.message, /no credentials were found/);
    assert.match(err.message, /--registry-username and --registry-password/);
    assert.match(err.message, /SIGNET_REGISTRY_USERNAME/);
    assert.equal(err.details.status, 401);
    assert.equal(err.details.registryCode, 'UNAUTHORIZED');
  });

  it('retries a 429 after the Retry-After delay and succeeds', async () => {
    let calls = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      if (++calls === 1) return res.writeHead(429, { 'retry-after': '2' }).end();
      ok(res, 'manifest');
    });
    const { transport, sleeps } = transportFor(host);
    assert.equal(await text(transport), 'manifest');
    assert.deepEqual(sleeps, [2000]);
    assert.equal(calls, 2);
  });

  it('retries 5xx with growing backoff, then succeeds', async () => {
    let calls = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      if (++calls <= 2) return res.writeHead(calls === 1 ? 503 : 502).end('busy');
      ok(res, 'fine');
    });
    const { transport, sleeps } = transportFor(host);
    assert.equal(await text(transport), 'fine');
    assert.deepEqual(sleeps, [75, 150]); // half step + half of the step at random 0.5
  });

  it('gives up after maxRetries with a temporary REGISTRY_UNAVAILABLE', async () => {
    let calls = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      calls++;
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNKNOWN","message":"boom"}]}');
    });
    const err = await failure(transportFor(host, { maxRetries: 2 }).transport.request(get()));
    assert.equal(err.code, 'REGISTRY_UNAVAILABLE');
    assert.equal(err.temporary, true);
    assert.match(err.message, /HTTP 500: UNKNOWN boom/);
    assert.equal(calls, 3);
  });

  it('fails at once, temporary, when Retry-After exceeds the cap', async () => {
    let calls = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      calls++;
      res.writeHead(429, { 'retry-after': '3600' }).end();
    });
    const { transport, sleeps } = transportFor(host);
    const err = await failure(transport.request(get()));
    assert.equal(err.code, 'REGISTRY_RATE_LIMITED');
    assert.equal(err.temporary, true);
    assert.equal(err.details.retryAfterSeconds, 3600);
    assert.deepEqual(sleeps, []);
    assert.equal(calls, 1);
  });

  it('bounds a registry that accepts connections and never answers', async () => {
    const sockets: Socket[] = [];
    const server = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const started = Date.now();
    const err = await failure(
      transportFor(host, { timeoutMs: 200, maxRetries: 1 }).transport.request(get()),
    );
    assert.equal(err.code, 'REGISTRY_UNAVAILABLE');
    assert.equal(err.temporary, true);
    assert.match(err.message, new RegExp(`registry ${host} did not answer .* within 200 ms`));
    assert.ok(Date.now() - started < 3000, 'bounded by the timeout');
  });

  it('does not fall back to plain HTTP where it is not allowed', async () => {
    const host = await serve((_req, res) => ok(res));
    const err = await failure(transportFor(host, { plainHttp: false }).transport.request(get()));
    assert.equal(err.code, 'REGISTRY_TLS');
    assert.match(err.message, /insecureRegistries/);
  });

  it('maps a 404 with a distribution error to REGISTRY_NOT_FOUND with a redacted URL', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    });
    const err = await failure(
      transportFor(host).transport.request(get('/v2/app/manifests/1?token=s3cret&n=1')),
    );
    assert.equal(err.code, 'REGISTRY_NOT_FOUND');
    assert.equal(err.category, 'not-found');
    assert.equal(err.details.registryCode, 'MANIFEST_UNKNOWN');
    assert.equal(err.details.url, `http://${host}/v2/app/manifests/1?token=redacted&n=1`);
    assert.ok(!JSON.stringify(err.toJSON()).includes('s3cret'));
  });

  it('reads only the first 64 KiB of a huge error body', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return ok(res);
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('x'.repeat(4 * 1024 * 1024));
    });
    const err = await failure(transportFor(host).transport.request(get()));
    assert.equal(err.code, 'REGISTRY_REJECTED');
    assert.match(err.message, /HTTP 400/);
  });

  it('authenticates with Basic credentials after the challenge', async () => {
    const expected = `Basic ${Buffer.from('alice:pw').toString('base64')}`;
    const host = await serve((req, res) => {
      if (req.headers.authorization === expected) return ok(res, 'secret data');
      res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' }).end();
    });
    const { transport } = transportFor(host, { credential: { username: 'alice', password: 'pw' } });
    assert.equal(await text(transport), 'secret data');
    const wrong = transportFor(host, { credential: { username: 'alice', password: 'nope' } });
    const err = await failure(wrong.transport.request(get()));
    assert.equal(err.code, 'REGISTRY_UNAUTHORIZED');
    assert.match(err.message, /credentials found for it were refused/);
    assert.ok(!err.message.includes('nope'));
  });

  it('sends no separate /v2/ ping before a first request without a body, and learns the scheme from it', async () => {
    const seen: string[] = [];
    const host = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      ok(res, 'manifest');
    });
    const { transport } = transportFor(host);
    assert.equal(await text(transport), 'manifest');
    assert.equal(await text(transport, get('/v2/app/manifests/2')), 'manifest');
    assert.deepEqual(seen, ['GET /v2/app/manifests/1', 'GET /v2/app/manifests/2']);
  });

  it('answers a bearer challenge met by the first request, then a narrower scope, with tokens', async () => {
    const seen: string[] = [];
    let realm = '';
    const host = await serve((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      if (req.url?.startsWith('/token')) {
        const push = req.url.includes('push');
        return res.writeHead(200).end(JSON.stringify({ token: push ? 'wide' : 'narrow' }));
      }
      if (req.headers.authorization === 'Bearer wide') return ok(res, 'blob');
      const scope = req.headers.authorization === undefined ? 'pull' : 'pull,push';
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="${realm}",service="s",scope="repository:app:${scope}"`,
        })
        .end();
    });
    realm = `http://${host}/token`;
    const { transport } = transportFor(host);
    assert.equal(await text(transport), 'blob');
    assert.equal(seen.filter((s) => s.startsWith('/v2/app/manifests/1')).length, 3);
    assert.ok(!seen.some((s) => s.startsWith('/v2/ ')), 'no ping');
  });

  it('refuses an upload Location on another host', async () => {
    const host = await serve((_req, res) => ok(res));
    const err = await failure(
      transportFor(host).transport.request(get('https://elsewhere.example/upload?_state=abc')),
    );
    assert.equal(err.code, 'REGISTRY_PROTOCOL');
    assert.match(err.message, /_state=redacted/);
  });

  it('follows a blob redirect to storage without sending credentials there', async () => {
    let storageAuth: string | undefined = 'unset';
    const storage = await serve((req, res) => {
      storageAuth = req.headers.authorization;
      ok(res, 'blob bytes');
    });
    const expected = `Basic ${Buffer.from('alice:pw').toString('base64')}`;
    const host = await serve((req, res) => {
      if (req.headers.authorization !== expected) {
        return res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      }
      res.writeHead(307, { location: `http://${storage}/data?sig=xyz` }).end();
    });
    const { transport } = transportFor(host, { credential: { username: 'alice', password: 'pw' } });
    const body = await text(transport, { ...get('/v2/app/blobs/sha256:1'), followRedirects: true });
    assert.equal(body, 'blob bytes');
    assert.equal(storageAuth, undefined);
  });
});
