import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import { tlogTlsMaterial, type TlogTlsMaterial } from '../../testing/tlog-tls.js';
import { parseWriteTokens, type RunningTlogServer } from '../server/index.js';
import { RekorClient } from './rekor-client.js';

const TOKEN = '5ec2e7'.repeat(6);
const signer = testKey();
let counter = 0;
const proposal = () => hashedRekordProposal(signer, Buffer.from(`credentials ${counter++}`));

describe('RekorClient with a log that restricts writes', () => {
  let tls: TlogTlsMaterial;
  let server: RunningTlogServer;
  const clients: RekorClient[] = [];
  const client = (options: ConstructorParameters<typeof RekorClient>[1] = {}) => {
    const created = new RekorClient(server.url, {
      ...options,
      tls: { caPem: tls.serverCaPem, ...options.tls },
    });
    clients.push(created);
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
      write: {
        tokens: parseWriteTokens(TOKEN, 'tokens'),
        rateLimit: { ratePerSecond: 0.001, burst: 2 },
      },
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('writes with a bearer token', async () => {
    assert.equal((await client({ bearerToken: TOKEN }).createEntry(proposal())).created, true);
  });

  it('writes with a client certificate', async () => {
    const withCertificate = client({
      tls: { certificatePem: tls.client.certificatePem, privateKeyPem: tls.client.privateKeyPem },
    });
    assert.equal((await withCertificate.createEntry(proposal())).created, true);
  });

  it('fails with a config error naming what is missing, never the token', async () => {
    for (const anonymous of [client(), client({ bearerToken: 'wrong-token-0123456789' })]) {
      await assert.rejects(anonymous.createEntry(proposal()), (error: Error & { code: string }) => {
        assert.equal(error.code, 'TLOG_CLIENT_UNAUTHORIZED');
        assert.match(error.message, /write token or a client certificate/);
        assert.ok(!error.message.includes('wrong-token'));
        return true;
      });
    }
  });

  it('reads without credentials', async () => {
    const info = await client().logInfo();
    assert.equal(info.treeSize, 2);
  });

  it('gives up at once on a Retry-After longer than it waits, as rate limited', async () => {
    const writer = client({ bearerToken: TOKEN });
    await writer.createEntry(proposal());
    await assert.rejects(writer.createEntry(proposal()), { code: 'TLOG_CLIENT_RATE_LIMITED' });
  });
});
