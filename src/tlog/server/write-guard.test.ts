import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { Agent, fetch } from 'undici';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { tlogTlsMaterial, type PemPair, type TlogTlsMaterial } from '../../testing/tlog-tls.js';
import type { RunningTlogServer } from './start.js';
import { parseWriteTokens } from './write-tokens.js';
import { clientAddress } from './write-guard.js';

const TOKEN = 'f'.repeat(32);
const OTHER_TOKEN = 'e'.repeat(32);
const signer = testKey('p256');
let counter = 0;
const freshProposal = () => hashedRekordProposal(signer, Buffer.from(`entry ${counter++}`));

interface Call {
  token?: string;
  dispatcher?: Agent;
}

async function write(server: RunningTlogServer, call: Call = {}) {
  const response = await fetch(`${server.url}/api/v1/log/entries`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(call.token === undefined ? {} : { authorization: `Bearer ${call.token}` }),
    },
    body: JSON.stringify(freshProposal()),
    dispatcher: call.dispatcher,
  });
  return { response, json: (await response.json()) as { code?: number; message?: string } };
}

async function readsStayOpen(server: RunningTlogServer, dispatcher?: Agent) {
  const info = await fetch(`${server.url}/api/v1/log`, { dispatcher });
  assert.equal(info.status, 200);
  const entry = await fetch(`${server.url}/api/v1/log/entries?logIndex=0`, { dispatcher });
  assert.equal(entry.status, 200);
  const search = await fetch(`${server.url}/api/v1/index/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hash: `sha256:${'0'.repeat(64)}` }),
    dispatcher,
  });
  assert.equal(search.status, 200);
}

describe('log write authentication with bearer tokens', () => {
  let server: RunningTlogServer;
  before(async () => {
    server = await startTemporaryTlogServer({
      write: { tokens: parseWriteTokens(`${TOKEN}\n`, 'tokens') },
    });
  });
  after(() => server.close());

  it('answers 401 with a Bearer challenge to a write without a token', async () => {
    const { response, json } = await write(server);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
    assert.equal(json.code, 401);
    assert.match(json.message!, /Bearer <token>/);
  });

  it('answers 401 to a write with a wrong token, and never echoes it', async () => {
    const { response, json } = await write(server, { token: OTHER_TOKEN });
    assert.equal(response.status, 401);
    assert.ok(!JSON.stringify(json).includes(OTHER_TOKEN));
  });

  it('records a write with a listed token', async () => {
    assert.equal((await write(server, { token: TOKEN })).response.status, 201);
  });

  it('keeps reads and searches open to anyone', () => readsStayOpen(server));
});

describe('log write rate limit', () => {
  let server: RunningTlogServer;
  before(async () => {
    server = await startTemporaryTlogServer({
      write: {
        tokens: parseWriteTokens(`${TOKEN}\n${OTHER_TOKEN}\n`, 'tokens'),
        // Two at once, then one every 1000 s: the third write is refused whatever the timing.
        rateLimit: { ratePerSecond: 0.001, burst: 2 },
      },
    });
  });
  after(() => server.close());

  it('answers 429 with Retry-After once a client is over its rate', async () => {
    assert.equal((await write(server, { token: TOKEN })).response.status, 201);
    assert.equal((await write(server, { token: TOKEN })).response.status, 201);
    const { response, json } = await write(server, { token: TOKEN });
    assert.equal(response.status, 429);
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${retryAfter}`);
    assert.equal(json.code, 429);
  });

  it('limits each writer separately', async () => {
    assert.equal((await write(server, { token: OTHER_TOKEN })).response.status, 201);
  });

  it('does not let refused writers through by dropping the token: they get 401', async () => {
    assert.equal((await write(server)).response.status, 401);
  });

  it('never limits reads', async () => {
    for (let i = 0; i < 5; i++) await readsStayOpen(server);
  });
});

describe('log write rate limit without authentication', () => {
  let server: RunningTlogServer;
  before(async () => {
    server = await startTemporaryTlogServer({
      write: { rateLimit: { ratePerSecond: 0.001, burst: 1 } },
    });
  });
  after(() => server.close());

  it('keys anonymous writers by address', async () => {
    assert.equal((await write(server)).response.status, 201);
    const refused = await write(server);
    assert.equal(refused.response.status, 429);
    assert.ok(Number(refused.response.headers.get('retry-after')) >= 1);
  });
});

describe('log write authentication with TLS client certificates', () => {
  let tls: TlogTlsMaterial;
  let server: RunningTlogServer;
  const agents: Agent[] = [];
  const agent = (client?: PemPair) => {
    const created = new Agent({
      connect: {
        ca: tls.serverCaPem,
        ...(client === undefined ? {} : { cert: client.certificatePem, key: client.privateKeyPem }),
      },
    });
    agents.push(created);
    return created;
  };
  before(async () => {
    tls = await tlogTlsMaterial();
    server = await startTemporaryTlogServer({
      tls: {
        certificatePem: tls.server.certificatePem,
        privateKeyPem: tls.server.privateKeyPem,
        clientCaPem: tls.clientCaPem,
      },
      write: { tokens: parseWriteTokens(`${TOKEN}\n`, 'tokens') },
    });
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await server.close();
  });

  it('serves HTTPS', () => assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/));

  it('records a write from a client certificate issued by the client CA', async () => {
    assert.equal((await write(server, { dispatcher: agent(tls.client) })).response.status, 201);
  });

  it('answers 401 to a client certificate from another CA', async () => {
    const { response } = await write(server, { dispatcher: agent(tls.strangerClient) });
    assert.equal(response.status, 401);
  });

  it('answers 401 to a client with no certificate and no token, and accepts a token instead', async () => {
    assert.equal((await write(server, { dispatcher: agent() })).response.status, 401);
    const withToken = await write(server, { dispatcher: agent(), token: TOKEN });
    assert.equal(withToken.response.status, 201);
  });

  it('lets clients without a certificate read', () => readsStayOpen(server, agent()));

  it('refuses to start with a key that does not match the certificate', async () => {
    await assert.rejects(
      startTemporaryTlogServer({
        tls: { certificatePem: tls.server.certificatePem, privateKeyPem: tls.client.privateKeyPem },
      }),
      (error: Error & { code: string }) => {
        assert.equal(error.code, 'TLOG_TLS_INVALID');
        assert.ok(!error.message.includes('PRIVATE KEY'));
        return true;
      },
    );
  });
});

describe('anonymous writer keys for the rate limit', () => {
  const keyOf = (remoteAddress: string) =>
    clientAddress({ raw: { socket: { remoteAddress } } } as unknown as FastifyRequest);

  it('keys an IPv4 client by its address, also when mapped into IPv6', () => {
    assert.equal(keyOf('192.0.2.7'), 'ip:192.0.2.7');
    assert.equal(keyOf('::ffff:192.0.2.7'), 'ip:192.0.2.7');
  });

  it('keys an IPv6 client by its /64, however the address is spelled', () => {
    const key = 'ip6:2001:db8:0:1::/64';
    assert.equal(keyOf('2001:db8:0:1:aaaa:bbbb:cccc:dddd'), key);
    assert.equal(keyOf('2001:0db8:0000:0001::1'), key);
    assert.equal(keyOf('2001:DB8:0:1::2%eth0'), key);
    assert.notEqual(keyOf('2001:db8:0:2::1'), key);
  });
});
