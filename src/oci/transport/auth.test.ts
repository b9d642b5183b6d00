// Bearer token flow (distribution token spec) against a purpose-built registry and token
// server on 127.0.0.1: scope caching, expiry, refresh on 401, OAuth2 refresh-token POST.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSignetError } from '../../core/errors.js';
import type { Credential } from '../credentials/index.js';
import { HttpClient } from './http.js';
import { RegistryTransport } from './transport.js';

const closers: (() => void)[] = [];
after(() => closers.forEach((close) => close()));

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => (server.closeAllConnections(), server.close()));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface TokenLog {
  method: string;
  scopes: string[];
  service: string | null;
  authorization: string | undefined;
  form?: URLSearchParams;
}

/** A registry whose tokens are `t<n>:<scope>`; `revoked` tokens get 401 like expired ones. */
async function bearerRegistry(
  options: { expiresIn?: number; field?: 'token' | 'access_token' } = {},
) {
  const issued: TokenLog[] = [];
  const revoked = new Set<string>();
  const auth = await serve((req, res, body) => {
    const url = new URL(req.url!, 'http://x');
    const form = req.method === 'POST' ? new URLSearchParams(body) : undefined;
    const scopes = form ? (form.get('scope') ?? '').split(' ') : url.searchParams.getAll('scope');
    const service = form ? form.get('service') : url.searchParams.get('service');
    issued.push({
      method: req.method!,
      scopes,
      service,
      authorization: req.headers.authorization,
      ...(form ? { form } : {}),
    });
    const token = `t${issued.length}:${scopes.join(' ')}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ [options.field ?? 'token']: token, expires_in: options.expiresIn ?? 300 }),
    );
  });
  const challenge = (scope: string) =>
    `Bearer realm="http://${auth}/token",service="test-registry",scope="${scope}"`;
  const host = await serve((req, res) => {
    const repo = /^\/v2\/([^/]+)\//.exec(req.url!)?.[1];
    const scope = repo === undefined ? '' : `repository:${repo}:pull`;
    const header = req.headers.authorization ?? '';
    const token = header.replace(/^Bearer /, '');
    if (req.url === '/v2/' || (token.includes(scope) && !revoked.has(token))) {
      return res.writeHead(200).end(`hello ${repo ?? ''}`);
    }
    res.writeHead(401, { 'www-authenticate': challenge(scope) }).end();
  });
  return { host, issued, revoked };
}

function transportFor(host: string, credential?: Credential) {
  const clock = { now: 1_000_000 };
  const http = new HttpClient({ timeoutMs: 5000 });
  closers.push(() => void http.close());
  const transport = new RegistryTransport({
    registry: host,
    endpoint: host,
    credential,
    http,
    plainHttpAllowed: (h) => h.startsWith('127.0.0.1'),
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    environment: { sleep: () => Promise.resolve(), now: () => clock.now, random: () => 0 },
    userAgent: 'signet-test',
    timeoutMs: 5000,
  });
  return { transport, clock };
}

async function read(transport: RegistryTransport, repo: string): Promise<string> {
  const response = await transport.request({
    method: 'GET',
    target: `/v2/${repo}/tags/list`,
    scopes: [`repository:${repo}:pull`],
    what: `tags of ${repo}`,
  });
  let out = '';
  for await (const chunk of response.body) out += (chunk as Buffer).toString();
  return out;
}

describe('bearer token authentication', () => {
  it('fetches one token per scope and reuses it', async () => {
    const { host, issued } = await bearerRegistry();
    const { transport } = transportFor(host, { username: 'bob', password: 'pw' });
    assert.equal(await read(transport, 'app'), 'hello app');
    assert.equal(await read(transport, 'app'), 'hello app');
    assert.equal(issued.length, 1);
    assert.deepEqual(issued[0]!.scopes, ['repository:app:pull']);
    assert.equal(issued[0]!.service, 'test-registry');
    assert.equal(issued[0]!.authorization, `Basic ${Buffer.from('bob:pw').toString('base64')}`);
    assert.equal(await read(transport, 'other'), 'hello other');
    assert.equal(issued.length, 2);
  });

  it('fetches anonymous tokens without credentials, read from access_token', async () => {
    const { host, issued } = await bearerRegistry({ field: 'access_token' });
    const { transport } = transportFor(host);
    assert.equal(await read(transport, 'public'), 'hello public');
    assert.equal(issued[0]!.authorization, undefined);
  });

  it('refreshes the token once when the registry refuses a cached one', async () => {
    const { host, issued, revoked } = await bearerRegistry();
    const { transport } = transportFor(host);
    await read(transport, 'app');
    revoked.add('t1:repository:app:pull');
    assert.equal(await read(transport, 'app'), 'hello app');
    assert.equal(issued.length, 2);
  });

  it('fetches a new token after the cached one expires', async () => {
    const { host, issued } = await bearerRegistry({ expiresIn: 60 });
    const { transport, clock } = transportFor(host);
    await read(transport, 'app');
    clock.now += 45_000;
    await read(transport, 'app');
    assert.equal(issued.length, 1, 'still valid 45 s into a 60 s token');
    clock.now += 10_000; // within the expiry margin
    await read(transport, 'app');
    assert.equal(issued.length, 2);
  });

  it('uses an identity token as an OAuth2 refresh_token grant on POST', async () => {
    const { host, issued } = await bearerRegistry();
    const { transport } = transportFor(host, { identityToken: 'refresh-me' });
    assert.equal(await read(transport, 'app'), 'hello app');
    const form = issued[0]!.form!;
    assert.equal(issued[0]!.method, 'POST');
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), 'refresh-me');
    assert.equal(form.get('service'), 'test-registry');
    assert.equal(form.get('scope'), 'repository:app:pull');
    assert.equal(form.get('client_id'), 'signet');
  });

  it('refuses to send credentials to a plain-HTTP token realm on another host', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end();
      res
        .writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.com/token"' })
        .end();
    });
    const { transport } = transportFor(host, { username: 'bob', password: 'pw' });
    await assert.rejects(read(transport, 'app'), (err: unknown) => {
      assert.ok(isSignetError(err));
      assert.equal(err.code, 'REGISTRY_TLS');
      assert.match(err.message, /refusing to send credentials without TLS/);
      return true;
    });
  });

  it('reports a token server that refuses the credentials', async () => {
    const auth = await serve((_req, res) =>
      res.writeHead(401).end('{"errors":[{"code":"DENIED"}]}'),
    );
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end();
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${auth}/token"` }).end();
    });
    const { transport } = transportFor(host, { username: 'bob', password: 'bad' });
    await assert.rejects(read(transport, 'app'), (err: unknown) => {
      assert.ok(isSignetError(err));
      assert.equal(err.code, 'REGISTRY_UNAUTHORIZED');
      assert.match(err.message, new RegExp(host));
      return true;
    });
  });

  it('rejects a token response without a token', async () => {
    const auth = await serve((_req, res) => res.writeHead(200).end('{"expires_in":60}'));
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end();
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${auth}/token"` }).end();
    });
    await assert.rejects(read(transportFor(host).transport, 'app'), /without a usable token/);
  });
});
