// The forwarding store's reading of the central server's answer, against servers that
// answer what a Signet server would not. What a real Signet server answers is covered in
// test/e2e/api-forwarding.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSignetError } from '../core/errors.js';
import { forwardingDecisionStore } from './forwarding-store.js';
import type { DecisionInput } from './types.js';

const decision: DecisionInput = {
  time: new Date('2026-12-06T10:00:00Z'),
  source: 'admission',
  outcome: 'denied',
  warnings: [],
  images: [{ image: 'registry.example/app:1', allowed: false, reasons: ['unsigned'] }],
};

describe('forwarding a decision to a server that answers oddly', () => {
  let server: Server;
  let url: string;
  let answer: (res: ServerResponse) => void = () => {};
  let written = 0;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the id a Signet server answers', async () => {
    answer = (res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"17"}');
    assert.equal(await forwardingDecisionStore(url, 'w'.repeat(32)).record(decision), 17);
  });

  it('stops reading an endless answer and says the server is not a Signet server', async () => {
    written = 0;
    answer = (res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        // Writes until the client stops reading; a buffering client would never stop it.
        while (written < 512 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written < 512 * 1024 * 1024) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    };
    await assert.rejects(
      forwardingDecisionStore(url, 'w'.repeat(32)).record(decision),
      (error: unknown) =>
        isSignetError(error) &&
        error.code === 'RECORDS_UNAVAILABLE' &&
        /did not answer its id.*is http:\/\/127\.0\.0\.1:\d+ a Signet server\?/.test(error.message),
    );
    assert.ok(
      written < 64 * 1024 * 1024,
      `the server wrote ${written} bytes before the client left`,
    );
  });

  it('refuses an answer without an id', async () => {
    answer = (res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    await assert.rejects(
      forwardingDecisionStore(url, 'w'.repeat(32)).record(decision),
      (error: unknown) => isSignetError(error) && /did not answer its id/.test(error.message),
    );
  });
});
