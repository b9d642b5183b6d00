import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import type { RunningTlogServer } from './start.js';

let server: RunningTlogServer;
const port = () => Number(new URL(server.url).port);

/** Opens a raw connection and resolves once it is connected. */
function rawConnection(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent once it closes the connection. */
function closedByServer(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => {}); // a reset is also the server closing
  return new Promise((resolve) => socket.once('close', () => resolve(received)));
}

async function post(path: string, body: string) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as { code: number; message: string },
  };
}

/** Not a performance bound: only keeps a server that never closes from hanging the run. */
const HANG_GUARD = { timeout: 30_000 };

describe('log server limits', () => {
  before(async () => {
    server = await startTemporaryTlogServer({
      // Small limits so that a slow client is cut off quickly; the idle timeout is larger
      // than the trickle interval, so only the headers timeout can end the connection.
      limits: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 1_000,
        idleTimeoutMs: 10_000,
        maxConnections: 8,
      },
    });
  });
  after(() => server.close());

  it(
    'closes a connection whose headers trickle in slower than the headers timeout (slowloris)',
    HANG_GUARD,
    async () => {
      const socket = await rawConnection();
      const closed = closedByServer(socket);
      socket.write('POST /api/v1/log/entries HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      let sent = 0;
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(`X-Slow-${sent++}: x\r\n`);
      }, 50);
      const received = await closed;
      clearInterval(trickle);
      assert.ok(sent >= 1, 'the client was still sending when the server gave up');
      assert.ok(received === '' || /^HTTP\/1\.1 408/.test(received), received.slice(0, 80));
    },
  );

  it('closes a connection whose body never finishes (request timeout)', HANG_GUARD, async () => {
    const socket = await rawConnection();
    const closed = closedByServer(socket);
    socket.write(
      'POST /api/v1/log/entries HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind":',
    );
    const received = await closed;
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  it('still serves other clients while slow ones are held', HANG_GUARD, async () => {
    const slow = await rawConnection();
    const closed = closedByServer(slow);
    slow.write('GET /api/v1/log HTTP/1.1\r\n');
    const response = await fetch(`${server.url}/api/v1/log`);
    assert.equal(response.status, 200);
    await closed;
  });

  it(
    'closes connections beyond the connection limit without answering them',
    HANG_GUARD,
    async () => {
      const held = await Promise.all(Array.from({ length: 8 }, rawConnection));
      const extra = await rawConnection().catch(() => undefined);
      if (extra !== undefined) {
        const closed = closedByServer(extra);
        extra.write('GET /api/v1/log HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        assert.equal(await closed, '', 'the extra connection got an answer');
      }
      for (const socket of held) socket.destroy();
    },
  );

  const depth = 100_000;
  const nested: [string, string][] = [
    ['/api/v1/log/entries', '['.repeat(depth) + ']'.repeat(depth)],
    [
      '/api/v1/log/entries',
      `{"kind":"hashedrekord","apiVersion":"0.0.1","spec":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    ],
    ['/api/v1/log/entries/retrieve', `{"entries":[${'['.repeat(depth)}${']'.repeat(depth)}]}`],
    ['/api/v1/index/retrieve', `{"publicKey":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`],
  ];
  for (const [path, body] of nested) {
    it(`answers 400, not 500, to JSON nested ${depth} levels deep on ${path}`, async () => {
      const response = await post(path, body);
      assert.equal(response.status, 400);
      assert.equal(response.json.code, 400);
      assert.match(response.json.message, /nests deeper than 32 levels/);
    });
  }

  for (const path of [
    '/api/v1/log/entries',
    '/api/v1/log/entries/retrieve',
    '/api/v1/index/retrieve',
  ]) {
    it(`answers 400 to a body of a million empty values on ${path}`, async () => {
      const response = await post(path, `[${'{},'.repeat(1_000_000)}{}]`);
      assert.equal(response.status, 400);
      assert.match(response.json.message, /more than 10000 values/);
    });
  }

  it('keeps accepting entries after all of this', async () => {
    const proposal = hashedRekordProposal(testKey('p256'), Buffer.from('after the limits'));
    assert.equal((await post('/api/v1/log/entries', JSON.stringify(proposal))).status, 201);
  });
});
