// The shared server limits on real node:http and node:https servers, with small limits so
// that hostile clients are cut off quickly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  connectSilently,
  holdConnections,
  stallMidHeaders,
  tryOneMoreConnection,
} from '../../testing/hostile-clients.js';
import { loopbackServingCertificate } from '../../testing/kube-cluster-certs.js';
import {
  DEFAULT_SERVER_LIMITS,
  applyServerLimits,
  connectionsCheckingIntervalMs,
  httpServerLimitOptions,
  resolveServerLimits,
  tlsServerLimitOptions,
  type ServerLimits,
} from './server-limits.js';

const SMALL = resolveServerLimits({
  headersTimeoutMs: 200,
  requestTimeoutMs: 2_000,
  idleTimeoutMs: 1_000,
  handshakeTimeoutMs: 200,
  maxConnections: 3,
});

async function listen(server: HttpServer | HttpsServer, scheme: 'http' | 'https'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stop(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('server limit values', () => {
  it('fills what is not overridden with the defaults', () => {
    const limits = resolveServerLimits({ maxConnections: 7 });
    assert.equal(limits.maxConnections, 7);
    assert.equal(limits.headersTimeoutMs, DEFAULT_SERVER_LIMITS.headersTimeoutMs);
  });

  const invalid: [string, Partial<ServerLimits>, RegExp][] = [
    ['a zero connection cap', { maxConnections: 0 }, /maxConnections must be a positive integer/],
    ['a fractional timeout', { idleTimeoutMs: 1.5 }, /idleTimeoutMs must be a positive integer/],
    ['a negative timeout', { requestTimeoutMs: -1 }, /requestTimeoutMs/],
    [
      'a headers timeout above the request timeout',
      { headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 },
      /headersTimeoutMs must not exceed requestTimeoutMs/,
    ],
  ];
  for (const [what, overrides, message] of invalid) {
    it(`refuses ${what}`, () => {
      assert.throws(() => resolveServerLimits(overrides), { name: 'RangeError', message });
    });
  }

  it('sweeps for expired timeouts often enough that they fire at most a second late', () => {
    assert.equal(connectionsCheckingIntervalMs(DEFAULT_SERVER_LIMITS), 1_000);
    assert.equal(connectionsCheckingIntervalMs(SMALL), 50);
    assert.equal(httpServerLimitOptions(SMALL).connectionsCheckingInterval, 50);
    assert.equal(tlsServerLimitOptions(SMALL).handshakeTimeout, 200);
    assert.equal(tlsServerLimitOptions(SMALL).headersTimeout, 200);
  });
});

describe('server limits on a node:http server', () => {
  let server: HttpServer;
  let url: string;
  before(async () => {
    server = createHttpServer(httpServerLimitOptions(SMALL), (_req, res) => res.end('ok'));
    applyServerLimits(server, SMALL);
    url = await listen(server, 'http');
  });
  after(() => stop(server));

  it('disconnects a client that sends half its headers and stalls, answering 408', async () => {
    const received = await stallMidHeaders(url);
    assert.match(received, /^HTTP\/1\.1 408 /);
  });

  it('disconnects a client that connects and never sends anything, answering 408', async () => {
    assert.match(await connectSilently(url), /^HTTP\/1\.1 408 /);
  });

  it('refuses connections beyond the cap and accepts again once one closes', async () => {
    const held = await holdConnections(url, SMALL.maxConnections, '/');
    try {
      assert.equal(await tryOneMoreConnection(url, '/'), '');
    } finally {
      held.shift()?.destroy();
    }
    // The server learns of the closed socket asynchronously; a few tries cover that.
    let answer = '';
    for (let attempt = 0; attempt < 50 && answer === ''; attempt++) {
      answer = await tryOneMoreConnection(url, '/');
      if (answer === '') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(answer, 'HTTP/1.1 200 OK');
    for (const socket of held) socket.destroy();
  });
});

describe('server limits on a node:https server', () => {
  let server: HttpsServer;
  let url: string;
  before(async () => {
    const serving = await loopbackServingCertificate('signet-server-limits-test');
    server = createHttpsServer(
      {
        ...tlsServerLimitOptions(SMALL),
        cert: serving.certificatePem,
        key: serving.privateKeyPem,
      },
      (_req, res) => res.end('ok'),
    );
    applyServerLimits(server, SMALL);
    url = await listen(server, 'https');
  });
  after(() => stop(server));

  it('disconnects a client that never starts its TLS handshake', async () => {
    assert.equal(await connectSilently(url), '');
  });

  it('disconnects a TLS client that sends half its headers and stalls, answering 408', async () => {
    assert.match(await stallMidHeaders(url), /^HTTP\/1\.1 408 /);
  });
});
