// The webhook's HTTPS server against hostile clients: bodies nested deeper than any review,
// clients that stall in their headers or never finish the TLS handshake, and more
// connections than the cap. The server runs in-process over real TLS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staticKubernetesReader } from '../index.js';
import { generateKeyPair } from '../../core/keys/index.js';
import {
  connectSilently,
  holdConnections,
  stallMidHeaders,
  tryOneMoreConnection,
} from '../../testing/hostile-clients.js';
import {
  getJson,
  makeCertificates,
  policiesFor,
  postJson,
  removeCertificates,
  review,
  startWebhook,
  type Certificates,
} from '../../../test/e2e/admission-harness.js';
import type { AdmissionServer } from './admission-server.js';

const kubernetes = staticKubernetesReader({
  namespaces: { team: { 'signet.dev/include': 'true' } },
});

/** `{"a":{"a":…"v1"…}}`, `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}"v1"${'}'.repeat(depth)}`;

describe('webhook server', () => {
  let certs: Certificates;
  let server: AdmissionServer;
  const small = { headersTimeoutMs: 300, requestTimeoutMs: 2_000, handshakeTimeoutMs: 300 };

  before(async () => {
    certs = await makeCertificates();
    const key = await generateKeyPair('ecdsa-p256');
    server = await startWebhook(certs, kubernetes, policiesFor(key.publicKey.pem), {
      limits: small,
    });
  });
  after(async () => {
    await server?.close();
    await removeCertificates(certs);
  });

  for (const field of ['apiVersion', 'kind', 'operation'] as const) {
    it(`answers 400 to a review whose ${field} is nested 100,000 levels deep`, async () => {
      const body = JSON.stringify(review('Pod', { spec: { containers: [] } }));
      const hostile =
        field === 'operation'
          ? body.replace('"operation":"CREATE"', `"operation":${nested(100_000)}`)
          : body.replace(
              field === 'apiVersion'
                ? '"apiVersion":"admission.k8s.io/v1"'
                : '"kind":"AdmissionReview"',
              `"${field}":${nested(100_000)}`,
            );
      const { status, body: answer } = await postJson(server, certs.ca, '/validate', hostile);
      assert.equal(status, 400);
      assert.equal(answer.code, 'ADMISSION_REVIEW_INVALID');
      assert.match(answer.message, /nests deeper than 64 levels/);
    });
  }

  it('answers 400 to a Gatekeeper request nested deeper than any', async () => {
    const hostile = `{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{"keys":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}}`;
    const { status, body } = await postJson(server, certs.ca, '/gatekeeper/verify', hostile);
    assert.equal(status, 400);
    assert.match(body.message, /nests deeper than 64 levels/);
  });

  it('answers 400 to a review holding more values than any', async () => {
    const containers = Array.from({ length: 250_000 }, () => 1);
    const { status, body } = await postJson(
      server,
      certs.ca,
      '/validate',
      review('Pod', { spec: { containers } }),
    );
    assert.equal(status, 400);
    assert.match(body.message, /holds more than 200000 values/);
  });

  // Node's own limits would hold these sockets for 60 s (headers) and 120 s (handshake); the
  // test's timeout only tells "cut by the configured limit" from "held until Node's".
  const cutOff = { timeout: 20_000 };

  it(
    'disconnects a client that sends half its headers and stalls, and keeps serving',
    cutOff,
    async () => {
      assert.match(await stallMidHeaders(server.url), /^(HTTP\/1\.1 408 |$)/);
      assert.equal((await getJson(server, certs.ca, '/healthz')).status, 200);
    },
  );

  it('disconnects a client that never starts its TLS handshake', cutOff, async () => {
    assert.equal(await connectSilently(server.url), '');
  });

  it('refuses connections beyond the cap and serves again once one closes', async () => {
    // Its own server: other tests' keep-alive connections would count against the cap.
    const capped = await startWebhook(certs, kubernetes, server.decider.policies!, {
      limits: { ...small, maxConnections: 3 },
    });
    const held = await holdConnections(capped.url, 3, '/healthz');
    try {
      assert.equal(await tryOneMoreConnection(capped.url, '/healthz'), '');
      held.pop()?.destroy();
      let answer = '';
      for (let attempt = 0; attempt < 50 && answer === ''; attempt++) {
        answer = await tryOneMoreConnection(capped.url, '/healthz');
        if (answer === '') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(answer, 'HTTP/1.1 200 OK');
    } finally {
      for (const socket of held) socket.destroy();
      await capped.close();
    }
  });
});
