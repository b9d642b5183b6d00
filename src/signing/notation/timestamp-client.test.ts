import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestTimestamp, timestampRequest } from './timestamp-client.js';

/** Answers by path: each a way a timestamp authority can fail. */
const ANSWERS: Record<string, { status: number; body: Buffer }> = {
  '/error': { status: 500, body: Buffer.from('internal error') },
  '/garbage': { status: 200, body: Buffer.from('<html>not DER</html>') },
  // TimeStampResp { PKIStatusInfo { status rejection (2) } }, no token.
  '/rejected': { status: 200, body: Buffer.from('30053003020102', 'hex') },
  '/granted-empty': { status: 200, body: Buffer.from('30053003020100', 'hex') },
  '/huge': { status: 200, body: Buffer.alloc(200 * 1024, 0x30) },
  // Granted, with a stand-in token (a DER NULL): the client hands the token back as is.
  '/granted': { status: 200, body: Buffer.from('300730030201000500', 'hex') },
};

describe('asking a timestamp authority', () => {
  let server: Server;
  let base: string;
  const seen: Buffer[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push(Buffer.concat(chunks));
        const answer = ANSWERS[req.url ?? ''] ?? { status: 404, body: Buffer.alloc(0) };
        res.writeHead(answer.status, { 'content-type': 'application/timestamp-reply' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends a DER TimeStampReq with a SHA-256 imprint, nonce and certReq, and returns the token', async () => {
    const token = await requestTimestamp(`${base}/granted`, Buffer.from('signature'));
    assert.deepEqual(Buffer.from(token), Buffer.from('0500', 'hex'));
    const sent = seen.at(-1)!;
    assert.equal(sent[0], 0x30);
    assert.ok(sent.includes(Buffer.from('608648016503040201', 'hex')), 'SHA-256 OID');
    assert.ok(sent.subarray(-3).equals(Buffer.from('0101ff', 'hex')), 'certReq TRUE');
    assert.notDeepEqual(
      timestampRequest(Buffer.from('a'), Buffer.alloc(8, 1)),
      timestampRequest(Buffer.from('b'), Buffer.alloc(8, 1)),
    );
  });

  const failures: [string, RegExp][] = [
    ['/error', /answered HTTP 500/],
    ['/garbage', /something other than a granted TimeStampResp/],
    ['/rejected', /not granted/],
    ['/granted-empty', /no timestamp token/],
    ['/huge', /sent over 65536 bytes/],
  ];
  for (const [path, message] of failures) {
    it(`refuses ${path.slice(1)} answers with NOTATION_TSA_FAILED naming the authority`, async () => {
      await assert.rejects(
        requestTimestamp(`${base}${path}`, Buffer.from('x')),
        (e: Error & { code?: string; category?: string }) =>
          e.code === 'NOTATION_TSA_FAILED' &&
          e.category === 'registry' &&
          message.test(e.message) &&
          e.message.includes(base),
      );
    });
  }

  it('says when the authority cannot be reached', async () => {
    await assert.rejects(
      requestTimestamp('http://127.0.0.1:9/', Buffer.from('x'), 2000),
      /could not be reached/,
    );
  });
});
