import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connectSilently } from '../../testing/hostile-clients.js';
import { createTestCertificateAuthority } from '../../testing/kube-cluster-certs.js';
import { createLimitedServer } from './limited-server.js';
import { resolveServerLimits } from './server-limits.js';

const LIMITS = resolveServerLimits({ headersTimeoutMs: 200, handshakeTimeoutMs: 200 });

async function serving() {
  const ca = await createTestCertificateAuthority('signet-limited-server-test');
  const issue = () => ca.issue({ commonName: 'test', usage: 'server', ipAddresses: ['127.0.0.1'] });
  return { ca: ca.caPem, first: await issue(), second: await issue() };
}

describe('limited server', () => {
  it('serves HTTPS with the given certificate and cuts off a client that never handshakes', async () => {
    const { ca, first } = await serving();
    const server = createLimitedServer(
      LIMITS,
      { cert: first.certificatePem, key: first.privateKeyPem },
      (_req, res) => res.end('hello'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get(`${url}/`, { ca, agent: false }, (res) => {
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      assert.equal(body, 'hello');
      assert.equal(await connectSilently(url), '');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a key that does not belong to the certificate, without showing the key', async () => {
    const { first, second } = await serving();
    assert.throws(
      () =>
        createLimitedServer(
          LIMITS,
          { cert: first.certificatePem, key: second.privateKeyPem },
          () => undefined,
        ),
      (error: Error) => !error.message.includes('PRIVATE KEY') && /key/i.test(error.message),
    );
  });
});
