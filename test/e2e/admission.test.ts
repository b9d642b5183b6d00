// The admission webhook end to end: the real HTTPS server in-process, images and their
// signatures in real registries, AdmissionReview JSON posted as the API server posts it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { counterTotal, type AdmissionServer } from '../../src/admission/server/index.js';
import { openDecisionStore, type DecisionStore } from '../../src/records/index.js';
import {
  freeLoopbackPort,
  registryTargets,
  type RunningRegistry,
} from '../../src/testing/index.js';
import {
  getText,
  imageFactory,
  kubernetes,
  makeCertificates,
  policiesFor,
  postJson,
  removeCertificates,
  review,
  startWebhook,
  workload,
  WORKLOAD_KINDS,
  type Certificates,
  type ImageFactory,
} from './admission-harness.js';

async function cacheCount(server: AdmissionServer, result: string): Promise<number> {
  const { values } = await server.metrics.cache.get();
  return values.filter((v) => v.labels.result === result).reduce((s, v) => s + v.value, 0);
}

async function registryCalls(server: AdmissionServer, operation?: string): Promise<number> {
  if (operation === undefined) return counterTotal(server.metrics.registryCalls);
  const { values } = await server.metrics.registryCalls.get();
  return values.filter((v) => v.labels.operation === operation).reduce((s, v) => s + v.value, 0);
}

for (const target of registryTargets()) {
  describe(`admission webhook (${target.name} registry)`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    let certs: Certificates;
    let images: ImageFactory;
    let server: AdmissionServer;
    let store: DecisionStore;
    let signed: string;
    let unsigned: string;
    let otherKey: string;
    let signedDigest: string;
    const post = (path: string, body: unknown) => postJson(server, certs.ca, path, body);
    const pod = (image: string, namespace = 'team') =>
      review('Pod', workload('Pod', [image]).object, namespace);

    before(async () => {
      registry = await target.start();
      certs = await makeCertificates();
      images = await imageFactory(registry.host);
      signedDigest = await images.push('team/app', 'v1', images.trusted);
      await images.push('team/unsigned', 'v1');
      await images.push('team/other', 'v1', images.other);
      signed = `${registry.host}/team/app:v1`;
      unsigned = `${registry.host}/team/unsigned:v1`;
      otherKey = `${registry.host}/team/other:v1`;
      store = await openDecisionStore('sqlite::memory:');
      server = await startWebhook(certs, kubernetes, policiesFor(images.trusted.publicKey.pem), {
        store,
      });
    });

    after(async () => {
      await server?.close();
      await store?.close();
      await images?.close();
      await registry?.stop();
      if (certs !== undefined) await removeCertificates(certs);
    });

    it('admits a pod whose image is signed by the trusted key', async () => {
      const sent = pod(signed);
      const { status, body } = await post('/validate', sent);
      assert.equal(status, 200);
      assert.equal(body.apiVersion, 'admission.k8s.io/v1');
      assert.equal(body.response.uid, (sent.request as { uid: string }).uid);
      assert.equal(body.response.allowed, true, JSON.stringify(body.response.status));
    });

    it('denies an unsigned image, naming the container, image, policy and reason', async () => {
      const { body } = await post('/validate', pod(unsigned));
      assert.equal(body.response.allowed, false);
      assert.equal(body.response.status.code, 403);
      const message: string = body.response.status.message;
      assert.match(message, /spec\.containers\[0\]\.image/);
      assert.match(message, /team\/unsigned@sha256:/);
      assert.match(message, /policy "signed-by-ci"/);
      assert.match(message, /no signatures found/);
    });

    it('denies an image signed by another key', async () => {
      const { body } = await post('/validate', pod(otherKey));
      assert.equal(body.response.allowed, false);
      assert.match(body.response.status.message, /none verifies with the key/);
    });

    it('admits anything in a namespace without the include label, without a registry call', async () => {
      const before = await registryCalls(server);
      const fresh = `${registry.host}/team/never-pushed:v1`;
      const { body } = await post('/validate', pod(fresh, 'open'));
      assert.equal(body.response.allowed, true);
      assert.equal(await registryCalls(server), before);
    });

    it("honours policy-controller's include label", async () => {
      const { body } = await post('/validate', pod(unsigned, 'legacy'));
      assert.equal(body.response.allowed, false);
    });

    it('decides unmatched and static-pass images without a registry call', async () => {
      const before = await registryCalls(server);
      const unmatched = await post('/validate', pod(`${registry.host}/elsewhere/app:v1`));
      assert.equal(unmatched.body.response.allowed, false);
      assert.match(unmatched.body.response.status.message, /no policy covers it/);
      const system = await post('/validate', pod(`${registry.host}/system/agent:v9`));
      assert.equal(system.body.response.allowed, true);
      assert.equal(await registryCalls(server), before);
    });

    it('admits an image failing a warn-mode policy, with a warning', async () => {
      await images.push('trial/app', 'v1');
      const { body } = await post('/validate', pod(`${registry.host}/trial/app:v1`));
      assert.equal(body.response.allowed, true);
      assert.equal(body.response.warnings.length, 1);
      assert.match(
        body.response.warnings[0],
        /^spec\.containers\[0\]\.image: .*fails policy "warn-only" \(mode warn/,
      );
    });

    for (const kind of WORKLOAD_KINDS) {
      it(`judges every container of a ${kind} and names the failing one by field path`, async () => {
        const good = workload(kind, [signed]);
        assert.equal(
          (await post('/validate', review(kind, good.object))).body.response.allowed,
          true,
        );
        const mixed = workload(kind, [signed, unsigned]);
        const { body } = await post('/validate', review(kind, mixed.object));
        assert.equal(body.response.allowed, false);
        const message: string = body.response.status.message;
        assert.ok(message.includes(`${mixed.prefix}.containers[1].image`), message);
        assert.ok(!message.includes(`${mixed.prefix}.containers[0].image`), message);
      });
    }

    it('denies, saying the registry could not be reached, when the registry port is closed', async () => {
      const port = await freeLoopbackPort();
      const { body } = await post('/validate', pod(`127.0.0.1:${port}/team/app:v1`));
      assert.equal(body.response.allowed, false);
      assert.match(body.response.status.message, /the registry could not be reached/);
    });

    it('answers a malformed review with 400 and keeps serving', async () => {
      const missing = await post('/validate', {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.code, 'ADMISSION_REVIEW_INVALID');
      assert.match(missing.body.message, /request is missing/);
      const garbled = await post('/validate', '{"apiVersion": ');
      assert.equal(garbled.status, 400);
      const badPod = await post(
        '/validate',
        review('Pod', { spec: { containers: [{ name: 'x' }] } }),
      );
      assert.equal(badPod.status, 400);
      assert.match(badPod.body.message, /spec\.containers\[0\]\.image is missing/);
      assert.equal((await post('/validate', pod(signed))).body.response.allowed, true);
    });

    it('refuses a body over 3 MiB', async () => {
      const huge = pod(signed);
      (huge.request as { object: Record<string, unknown> }).object['padding'] = 'x'.repeat(
        3 * 1024 * 1024,
      );
      const { status, body } = await post('/validate', huge);
      assert.equal(status, 413);
      assert.equal(body.code, 'ADMISSION_REVIEW_TOO_LARGE');
    });

    it('answers a Gatekeeper external-data request with one item per image', async () => {
      const { status, body } = await post('/gatekeeper/verify', {
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: [signed, unsigned, `[team]${signed}`, 'Not A Reference'] },
      });
      assert.equal(status, 200);
      assert.equal(body.kind, 'ProviderResponse');
      const items = body.response.items;
      assert.deepEqual(
        items.map((i: { key: string }) => i.key),
        [signed, unsigned, `[team]${signed}`, 'Not A Reference'],
      );
      assert.equal(items[0].value.isSuccess, true);
      assert.equal(items[0].value.digest, signedDigest);
      assert.equal(items[1].value.isSuccess, false);
      assert.match(items[1].value.denials[0], /no signatures found/);
      assert.equal(items[1].error, undefined);
      assert.equal(items[2].value.isSuccess, true);
      assert.match(items[3].error, /not a valid reference/);
    });

    it('pins verified images to their digest and leaves the others untouched', async () => {
      const system = `${registry.host}/system/agent:v9`;
      const elsewhere = `${registry.host}/elsewhere/app:v1`;
      const { object } = workload('Deployment', [signed, unsigned, system, elsewhere]);
      const { body } = await post('/mutate', review('Deployment', object));
      assert.equal(body.response.allowed, true);
      assert.equal(body.response.patchType, 'JSONPatch');
      const patch = JSON.parse(Buffer.from(body.response.patch, 'base64').toString());
      assert.deepEqual(patch, [
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: `${signed}@${signedDigest}`,
        },
      ]);
    });

    it('answers a second review of the same image from the cache', async () => {
      const digest = await images.push('team/cached', 'v1', images.trusted);
      const image = `${registry.host}/team/cached@${digest}`;
      const hits = await cacheCount(server, 'hit');
      const manifests = await registryCalls(server, 'manifest');
      assert.equal((await post('/validate', pod(image))).body.response.allowed, true);
      assert.equal((await post('/validate', pod(image))).body.response.allowed, true);
      assert.equal(await cacheCount(server, 'hit'), hits + 1);
      assert.equal(await registryCalls(server, 'manifest'), manifests + 1);
    });

    it('verifies a new image once for 20 concurrent reviews', async () => {
      await images.push('team/rollout', 'v1', images.trusted);
      const image = `${registry.host}/team/rollout:v1`;
      const misses = await cacheCount(server, 'miss');
      const manifests = await registryCalls(server, 'manifest');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post('/validate', pod(image))),
      );
      assert.ok(answers.every((a) => a.body.response.allowed === true));
      assert.equal(await cacheCount(server, 'miss'), misses + 1);
      assert.equal(await registryCalls(server, 'manifest'), manifests + 1);
    });

    it('records every decision in the decision store', async () => {
      let records = await store.query({ source: 'admission' });
      for (let i = 0; i < 50 && records.length < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        records = await store.query({ source: 'admission' });
      }
      const denied = records.find(
        (r) =>
          r.outcome === 'denied' &&
          r.namespace === 'team' &&
          r.kind === 'Pod' &&
          r.images.length === 1 &&
          r.images[0]!.image === unsigned,
      );
      assert.ok(denied, 'the denial of the unsigned image is recorded');
      assert.equal(denied.namespace, 'team');
      assert.equal(denied.kind, 'Pod');
      assert.match(denied.images[0]!.reasons[0]!, /no signatures found/);
      assert.ok((await store.query({ source: 'gatekeeper' })).length >= 1);
    });

    it('serves health, readiness and metrics', async () => {
      assert.equal((await getText(server, certs.ca, '/healthz')).status, 200);
      const ready = await getText(server, certs.ca, '/readyz');
      assert.equal(ready.status, 200);
      assert.match(ready.text, /sha256:/);
      const metrics = await getText(server, certs.ca, '/metrics');
      assert.match(
        metrics.text,
        /signet_admission_decisions_total\{route="validate",outcome="denied"\} \d+/,
      );
      assert.match(metrics.text, /signet_admission_duration_seconds_bucket/);
      assert.match(metrics.text, /signet_admission_verdict_cache_total\{result="hit"\}/);
      assert.match(metrics.text, /signet_admission_registry_calls_total\{operation="resolve"\}/);
    });
  });
}
