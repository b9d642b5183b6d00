// The admission webhook's life around its reviews: a deadline when the registry hangs,
// readiness before policies are compiled, and a serving certificate rotated in place.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { generateWebhookCertificates } from '../../src/admission/index.js';
import { counterTotal, type AdmissionServer } from '../../src/admission/server/index.js';
import {
  getText,
  kubernetes,
  makeCertificates,
  policiesFor,
  postJson,
  removeCertificates,
  review,
  SERVICE,
  startWebhook,
  TEST_KEY,
  WEBHOOK_NAMESPACE,
  workload,
  type Certificates,
} from './admission-harness.js';

describe('admission webhook deadline', () => {
  let certs: Certificates;
  let blackHole: Server;
  const sockets = new Set<Socket>();
  let server: AdmissionServer;

  before(async () => {
    certs = await makeCertificates();
    // Accepts connections and never answers: a registry that hangs.
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    server = await startWebhook(certs, kubernetes, policiesFor(TEST_KEY), {
      decider: {
        kubernetes,
        keyNamespace: 'signet-system',
        deadlineMs: 1000,
        cache: { ttlMs: 60_000, maxEntries: 10 },
        registry: { maxRetries: 0, timeoutMs: 30_000 },
      },
    });
  });

  after(async () => {
    // Hang up first: closing the webhook waits for its registry requests in flight.
    for (const socket of sockets) socket.destroy();
    await server?.close();
    await new Promise((resolve) => blackHole?.close(resolve));
    if (certs !== undefined) await removeCertificates(certs);
  });

  it('denies within the deadline when the registry does not answer, and says so', async () => {
    const port = (blackHole.address() as { port: number }).port;
    const started = Date.now();
    const { body } = await postJson(
      server,
      certs.ca,
      '/validate',
      review('Pod', workload('Pod', [`127.0.0.1:${port}/team/app:v1`]).object),
    );
    const elapsed = Date.now() - started;
    assert.equal(body.response.allowed, false);
    assert.match(
      body.response.status.message,
      /spec\.containers\[0\]\.image: .*within the 1 s deadline/,
    );
    assert.match(
      body.response.status.message,
      /registry or the transparency log could not be reached/,
    );
    // Well under the 30 s the registry client would wait: the deadline, not the client, answered.
    assert.ok(elapsed < 25_000, `answered after ${elapsed} ms`);
    assert.equal(await counterTotal(server.metrics.deadlines), 1);
  });
});

describe('admission webhook readiness', () => {
  it('reports not ready and refuses reviews until policies are compiled', async () => {
    const certs = await makeCertificates();
    const server = await startWebhook(certs, kubernetes, policiesFor(TEST_KEY), {
      policies: undefined,
    });
    try {
      assert.equal((await getText(server, certs.ca, '/readyz')).status, 503);
      assert.equal((await getText(server, certs.ca, '/healthz')).status, 200);
      const early = await postJson(
        server,
        certs.ca,
        '/validate',
        review('Pod', workload('Pod', ['a']).object),
      );
      assert.equal(early.status, 503);
      assert.equal(early.body.code, 'ADMISSION_NOT_READY');
      server.setPolicies(policiesFor(TEST_KEY));
      assert.equal((await getText(server, certs.ca, '/readyz')).status, 200);
    } finally {
      await server.close();
      await removeCertificates(certs);
    }
  });
});

describe('admission webhook serving certificate', () => {
  it('serves a rotated certificate without a restart', async () => {
    const certs = await makeCertificates();
    const server = await startWebhook(certs, kubernetes, policiesFor(TEST_KEY), {
      tls: { certFile: certs.certFile, keyFile: certs.keyFile, reloadIntervalMs: 50 },
    });
    try {
      assert.equal((await getText(server, certs.ca, '/healthz')).status, 200);
      const rotated = await generateWebhookCertificates({
        service: SERVICE,
        namespace: WEBHOOK_NAMESPACE,
      });
      await writeFile(certs.keyFile, rotated.privateKeyPem);
      await writeFile(certs.certFile, rotated.certificatePem);
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await getText(server, rotated.caCertificatePem, '/healthz').then(
          (r) => r.status,
          () => 0,
        );
      }
      assert.equal(status, 200, 'the new certificate is served');
      await assert.rejects(
        getText(server, certs.ca, '/healthz'),
        'the old CA no longer verifies it',
      );
    } finally {
      await server.close();
      await removeCertificates(certs);
    }
  });
});
