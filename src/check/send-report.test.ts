import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendReport } from './send-report.js';

const TOKEN = 'ci-token-0123456789abcdef0123456789';

describe('sending a report to a Signet server', () => {
  let server: Server;
  let base: string;
  const seen: { path: string; auth: string; type: string; body: string }[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({
          path: req.url ?? '',
          auth: req.headers.authorization ?? '',
          type: req.headers['content-type'] ?? '',
          body,
        });
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad token"}');
        } else if (req.url?.startsWith('/bad/')) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"error":"summary.passed is required"}');
        } else if (req.url?.startsWith('/noid/')) {
          res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        } else {
          res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"rec-1"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs the JSON report with the bearer token and returns the record id', async () => {
    assert.equal(await sendReport(base, TOKEN, { kind: 'CheckReport' }), 'rec-1');
    assert.deepEqual(seen.at(-1), {
      path: '/api/v1/check-results',
      auth: `Bearer ${TOKEN}`,
      type: 'application/json',
      body: '{"kind":"CheckReport"}',
    });
    await sendReport(`${base}/signet/`, TOKEN, {});
    assert.equal(seen.at(-1)!.path, '/signet/api/v1/check-results');
  });

  it('names the status and the server message of a refusal, never the token', async () => {
    await assert.rejects(sendReport(base, 'wrong-token-value', {}), (error: Error) => {
      assert.match(error.message, /refused the report with HTTP 401: \{"error":"bad token"\}/);
      assert.doesNotMatch(error.message, /wrong-token-value/);
      return true;
    });
    await assert.rejects(
      sendReport(`${base}/bad`, TOKEN, {}),
      /HTTP 400: .*summary\.passed is required/,
    );
    await assert.rejects(sendReport(`${base}/noid`, TOKEN, {}), /answered without a record id/);
  });

  it('refuses URLs that are not http(s) and reports an unreachable server', async () => {
    await assert.rejects(sendReport('not a url', TOKEN, {}), /CHECK_SEND_FAILED|is not a URL/);
    await assert.rejects(sendReport('ftp://127.0.0.1/', TOKEN, {}), /must be an http or https URL/);
    await assert.rejects(
      sendReport('http://127.0.0.1:1', TOKEN, {}),
      /could not send the report to http:\/\/127\.0\.0\.1:1/,
    );
  });
});
