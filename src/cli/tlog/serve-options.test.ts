import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTlogChild } from '../../testing/tlog-server-child.js';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import { describeProtections, tlogProtectionOptions } from './serve-options.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
let dir: string;
const file = (name: string) => join(dir, name);

describe('signet serve tlog protections', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-tlog-flags-'));
    await writeFile(file('tokens'), `# writers\n${TOKEN}\n`);
    await writeFile(file('short-tokens'), 'short\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('leaves writes open by default', async () => {
    const options = await tlogProtectionOptions({});
    assert.deepEqual(options, { tls: undefined, write: {} });
    assert.equal(describeProtections(options), 'anyone may write');
  });

  it('reads write tokens and a rate whose burst defaults to one second of it', async () => {
    const options = await tlogProtectionOptions({
      writeTokenFile: file('tokens'),
      writeRate: '2.5',
    });
    assert.equal(options.write?.tokens?.count, 1);
    assert.deepEqual(options.write?.rateLimit, { ratePerSecond: 2.5, burst: 3 });
    assert.equal(
      describeProtections(options),
      '1 write token(s), writes limited to 2.5/s per client (burst 3)',
    );
  });

  it('reads the TLS certificate, key and client CA', async () => {
    await writeFile(file('cert.pem'), 'CERT');
    await writeFile(file('key.pem'), 'KEY');
    await writeFile(file('ca.pem'), 'CA');
    const options = await tlogProtectionOptions({
      tlsCert: file('cert.pem'),
      tlsKey: file('key.pem'),
      clientCa: file('ca.pem'),
    });
    assert.deepEqual(options.tls, {
      certificatePem: 'CERT',
      privateKeyPem: 'KEY',
      clientCaPem: 'CA',
    });
    assert.equal(describeProtections(options), 'client certificates may write');
  });

  const bad: [string, Parameters<typeof tlogProtectionOptions>[0], string][] = [
    ['a certificate without its key', { tlsCert: 'c.pem' }, 'CLI_USAGE'],
    ['a client CA without TLS', { clientCa: 'ca.pem' }, 'CLI_USAGE'],
    ['a burst without a rate', { writeBurst: '5' }, 'CLI_USAGE'],
    ['a rate of 0', { writeRate: '0' }, 'CLI_USAGE'],
    ['a rate that is not a number', { writeRate: 'fast' }, 'CLI_USAGE'],
    ['a burst of 0', { writeRate: '1', writeBurst: '0' }, 'CLI_USAGE'],
    ['a missing token file', { writeTokenFile: '/nonexistent/tokens' }, 'CLI_FILE_UNREADABLE'],
  ];
  for (const [name, flags, code] of bad) {
    it(`refuses ${name} before starting anything`, async () => {
      await assert.rejects(tlogProtectionOptions(flags), { code });
    });
  }

  it('refuses a token file with a weak token', async () => {
    await assert.rejects(tlogProtectionOptions({ writeTokenFile: file('short-tokens') }), {
      code: 'TLOG_WRITE_TOKENS_INVALID',
    });
  });

  it('starts a log whose writes need a token and are rate limited, reads open', async () => {
    const server = await startTlogChild([
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      join(dir, 'data'),
      '--write-token-file',
      file('tokens'),
      '--write-rate',
      '0.001',
      '--write-burst',
      '1',
    ]);
    try {
      assert.match(server.log(), /1 write token\(s\), writes limited to 0\.001\/s per client/);
      const proposal = JSON.stringify(hashedRekordProposal(testKey(), Buffer.from('x')));
      const post = (authorization?: string) =>
        fetch(`${server.url}/api/v1/log/entries`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(authorization === undefined ? {} : { authorization }),
          },
          body: proposal,
        });
      assert.equal((await post()).status, 401);
      assert.equal((await post(`Bearer ${TOKEN}`)).status, 201);
      const limited = await post(`Bearer ${TOKEN}`);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await fetch(`${server.url}/api/v1/log/entries?logIndex=0`)).status, 200);
    } finally {
      await server.kill('SIGTERM');
    }
  });
});
