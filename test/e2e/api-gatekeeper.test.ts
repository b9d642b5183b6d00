// Gatekeeper external-data answers are recorded per image: a batch with an allowed and a
// refused image becomes two decisions, and only the refused one is a violation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staticKubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer } from '../../src/admission/server/index.js';
import { openDecisionStore, type DecisionStore } from '../../src/records/index.js';
import type { startInMemoryRegistry } from '../../src/testing/in-memory-registry.js';
import { postJson, type Certificates, type ImageFactory } from './admission-harness.js';
import { startTrustedWebhook, type TrustedWebhook } from './trusted-webhook.js';

describe('Gatekeeper answers in the decision records', () => {
  let registry: Awaited<ReturnType<typeof startInMemoryRegistry>>;
  let certs: Certificates;
  let images: ImageFactory;
  let webhook: AdmissionServer;
  let setup: TrustedWebhook | undefined;
  let store: DecisionStore;

  before(async () => {
    store = await openDecisionStore('sqlite::memory:', { maxDelayMs: 1 });
    setup = await startTrustedWebhook(staticKubernetesReader({}), store);
    ({ registry, certs, images, webhook } = setup);
  });

  after(async () => {
    await setup?.close();
    await store?.close();
  });

  it('records one decision per image of a batch', async () => {
    await images.push('team/app', 'v1', images.trusted);
    await images.push('team/unsigned', 'v1');
    const signed = `${registry.host}/team/app:v1`;
    const unsigned = `${registry.host}/team/unsigned:v1`;
    const answer = await postJson(webhook, certs.ca, '/gatekeeper/verify', {
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      kind: 'ProviderRequest',
      request: { keys: [signed, unsigned] },
    });
    assert.equal(answer.status, 200);
    let decisions = await store.query({ source: 'gatekeeper' });
    for (let i = 0; i < 100 && decisions.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      decisions = await store.query({ source: 'gatekeeper' });
    }
    assert.equal(decisions.length, 2);
    const byImage = new Map(decisions.map((d) => [d.images[0]?.image, d]));
    assert.equal(byImage.get(signed)?.outcome, 'allowed');
    assert.equal(byImage.get(unsigned)?.outcome, 'denied');
    for (const decision of decisions) assert.equal(decision.images.length, 1);
    const violations = await store.violations({ source: 'gatekeeper' });
    assert.deepEqual(
      violations.map((v) => [v.image, v.policy, v.action]),
      [[unsigned, 'signed-by-ci', 'denied']],
    );
  });
});
