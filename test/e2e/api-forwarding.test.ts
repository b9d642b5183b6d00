// A webhook in another cluster forwards its decisions to a central Signet server
// (`signet serve webhook --database https://… --records-token-file … --cluster-name …`):
// its denial shows up in the central API with the cluster's name; a viewer token is
// refused there, and the forwarding store says so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staticKubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer } from '../../src/admission/server/index.js';
import { stampCluster } from '../../src/cli/commands/serve-cluster-stamp.js';
import { isSignetError } from '../../src/core/errors.js';
import { forwardingDecisionStore } from '../../src/records/index.js';
import type { startInMemoryRegistry } from '../../src/testing/in-memory-registry.js';
import {
  postJson,
  review,
  workload,
  type Certificates,
  type ImageFactory,
} from './admission-harness.js';
import { startTrustedWebhook, type TrustedWebhook } from './trusted-webhook.js';
import { call, startApi, TOKENS, type RunningApi } from './api-harness.js';

describe('decisions forwarded to a central Signet server', () => {
  let api: RunningApi;
  let registry: Awaited<ReturnType<typeof startInMemoryRegistry>>;
  let certs: Certificates;
  let images: ImageFactory;
  let webhook: AdmissionServer;
  let setup: TrustedWebhook | undefined;

  before(async () => {
    api = await startApi();
    const store = stampCluster(forwardingDecisionStore(api.server.url, TOKENS.writer), 'edge-7');
    setup = await startTrustedWebhook(
      staticKubernetesReader({ namespaces: { team: { 'signet.dev/include': 'true' } } }),
      store,
    );
    ({ registry, certs, images, webhook } = setup);
  });

  after(async () => {
    await setup?.close();
    await api?.close();
  });

  it("shows a remote cluster's denial in the central API", async () => {
    await images.push('team/unsigned', 'v1');
    const image = `${registry.host}/team/unsigned:v1`;
    const answer = await postJson(
      webhook,
      certs.ca,
      '/validate',
      review('Pod', workload('Pod', [image]).object),
    );
    assert.equal(answer.body.response.allowed, false);
    let found = await call(api.server.url, 'GET', '/api/v1/violations?cluster=edge-7', {
      role: 'viewer',
    });
    for (let i = 0; i < 100 && found.body.items.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      found = await call(api.server.url, 'GET', '/api/v1/violations?cluster=edge-7', {
        role: 'viewer',
      });
    }
    assert.equal(found.body.items[0]?.image, image);
    assert.equal(found.body.items[0]?.namespace, 'team');
  });

  it('fails a forward made with a viewer token, without quoting the token', async () => {
    const store = forwardingDecisionStore(api.server.url, TOKENS.viewer);
    await assert.rejects(
      store.record({
        time: new Date(),
        source: 'admission',
        outcome: 'allowed',
        warnings: [],
        images: [],
      }),
      (e) =>
        isSignetError(e) &&
        e.code === 'RECORDS_UNAVAILABLE' &&
        /403/.test(e.message) &&
        !e.message.includes(TOKENS.viewer),
    );
    await assert.rejects(
      store.violations(),
      (e) => isSignetError(e) && e.code === 'RECORDS_QUERY_INVALID',
    );
  });
});
