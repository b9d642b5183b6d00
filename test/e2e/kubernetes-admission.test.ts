// The admission webhook reading a Kubernetes API (the stand-in of src/testing, since no API
// server runs here) through the production client: namespace opt-in labels, pull secrets of
// the pod and of its ServiceAccount against a registry that requires Basic auth, keys
// named by key.secretRef, and ClusterImagePolicy objects whose changes take effect live.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pino } from 'pino';
import { clusterKubernetesReader } from '../../src/admission/index.js';
import {
  KubernetesPolicySource,
  PolicyReloader,
  SIGNET_POLICIES,
  kubernetesPolicyApi,
} from '../../src/admission/policies/index.js';
import { startAdmissionServer, type AdmissionServer } from '../../src/admission/server/index.js';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { staticCredentials } from '../../src/oci/credentials/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { signImage } from '../../src/signing/index.js';
import {
  freeLoopbackPort,
  registryTargets,
  type RunningRegistry,
} from '../../src/testing/index.js';
import {
  startKubeApiServer,
  writeKubeconfig,
  type KubeApiServer,
} from '../../src/testing/kube-api-server.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import {
  getJson,
  getText,
  makeCertificates,
  postJson,
  removeCertificates,
  review,
  WEBHOOK_NAMESPACE,
  type Certificates,
  type Json,
} from './admission-harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const FAST = { initialMs: 50, maxMs: 200 };

function policyObject(name: string, glob: string, authority: Record<string, unknown>) {
  return {
    apiVersion: 'policy.signet.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name },
    spec: { images: [{ glob }], authorities: [{ name: 'ci', ...authority }] },
  };
}

/** Each probe is an HTTPS request to the webhook: poll every 100 ms. */
const PROBE = { timeoutMs: 15_000, intervalMs: 100 };

/** The webhook as `serve webhook --policy-source kubernetes` builds it, with a given kubeconfig. */
async function startWebhookOnApi(certs: Certificates, kubeconfigFile: string) {
  const logger = pino({ level: 'silent' });
  const api = await kubernetesPolicyApi({ kubeconfigFile });
  const reloader = new PolicyReloader({
    sources: [
      new KubernetesPolicySource({ api, collection: SIGNET_POLICIES, logger, backoff: FAST }),
    ],
    noMatch: 'allow',
    logger,
  });
  const server = await startAdmissionServer({
    tls: { certFile: certs.certFile, keyFile: certs.keyFile },
    decider: {
      kubernetes: await clusterKubernetesReader({ kubeconfigFile }),
      keyNamespace: WEBHOOK_NAMESPACE,
      deadlineMs: 10_000,
      cache: { ttlMs: 60_000, maxEntries: 1000 },
      registry: { maxRetries: 1, timeoutMs: 5000 },
    },
    policyStatus: () => reloader.status(),
    logger,
  });
  reloader.start((set) => server.setPolicies(set));
  return {
    server,
    async close() {
      await reloader.close();
      await server.close();
    },
  };
}

for (const target of registryTargets({ auth: 'basic' })) {
  describe(
    `webhook on the Kubernetes API (${target.name} registry, Basic auth)`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let api: KubeApiServer;
      let certs: Certificates;
      let webhook: { server: AdmissionServer; close(): Promise<void> };
      let trusted: PrivateKey;
      let signed: string;
      let unsigned: string;

      const decide = async (
        image: string,
        spec: Record<string, unknown> = {},
        namespace = 'team',
      ): Promise<Json> => {
        const object = {
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'c0', image }], ...spec },
        };
        const answer = await postJson(
          webhook.server,
          certs.ca,
          '/validate',
          review('Pod', object, namespace),
        );
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return answer.body.response;
      };
      const withPullSecret = { imagePullSecrets: [{ name: 'pull' }] };

      before(async () => {
        registry = await target.start();
        const auth = registry.auth!;
        const client = new RegistryClient({ credentials: staticCredentials(registry.host, auth) });
        trusted = await generateKeyPair('ecdsa-p256');
        const push = async (path: string, key?: PrivateKey) => {
          const ref = parseReference(`${registry.host}/${path}`);
          const { digest } = await pushImage(
            client,
            ref,
            buildImage({ layers: 1, layerBytes: 128 }),
          );
          if (key !== undefined)
            await signImage(client, { ...ref, digest }, key, { write: { settleMs: [0, 0] } });
        };
        signed = `${registry.host}/team/app:v1`;
        unsigned = `${registry.host}/team/unsigned:v1`;
        await push('team/app:v1', trusted);
        await push('team/unsigned:v1');
        await client.close();

        api = await startKubeApiServer();
        api.apply({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'team', labels: { 'signet.dev/include': 'true' } },
        });
        api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'open' } });
        api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: WEBHOOK_NAMESPACE } });
        const dockerConfig = JSON.stringify({
          auths: { [registry.host]: { auth: b64(`${auth.username}:${auth.password}`) } },
        });
        api.apply({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'pull', namespace: 'team' },
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': b64(dockerConfig) },
        });
        api.apply({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'builder', namespace: 'team' },
          imagePullSecrets: [{ name: 'pull' }],
        });
        api.apply({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: 'team' },
        });
        api.apply({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'ci-key', namespace: WEBHOOK_NAMESPACE },
          data: { 'cosign.pub': b64(trusted.publicKey.pem) },
        });
        api.apply(
          policyObject('signed-app', '127.0.0.1:*/team/app*', {
            key: { secretRef: { name: 'ci-key' } },
          }),
        );

        certs = await makeCertificates();
        webhook = await startWebhookOnApi(certs, api.kubeconfigPath);
        await waitUntil(
          'the webhook is ready',
          () => getText(webhook.server, certs.ca, '/readyz'),
          (r) => r.status === 200,
          PROBE,
        );
      });
      after(async () => {
        await webhook?.close();
        await api?.close();
        await registry?.stop();
        if (certs !== undefined) await removeCertificates(certs);
      });

      it('admits a signed image with the pod pull secret and the key from key.secretRef', async () => {
        const answer = await decide(signed, withPullSecret);
        assert.equal(answer.allowed, true, answer.status?.message);
        assert.ok(api.requests.includes('GET /api/v1/namespaces/team/secrets/pull'));
        assert.ok(
          api.requests.includes(`GET /api/v1/namespaces/${WEBHOOK_NAMESPACE}/secrets/ci-key`),
        );
        assert.ok(api.requests.includes('GET /api/v1/namespaces/team'));
      });

      it('uses the pull secrets of the pod service account', async () => {
        const answer = await decide(signed, { serviceAccountName: 'builder' });
        assert.equal(answer.allowed, true, answer.status?.message);
        assert.ok(api.requests.includes('GET /api/v1/namespaces/team/serviceaccounts/builder'));
      });

      it('cannot reach the image without a pull secret, so it denies', async () => {
        const answer = await decide(`${registry.host}/team/app:v1`);
        assert.equal(answer.allowed, false);
        assert.match(answer.status.message, /team\/app:v1/);
      });

      it('leaves namespaces without the opt-in label alone', async () => {
        const calls = api.requests.length;
        const answer = await decide(`${registry.host}/team/unsigned:v1`, {}, 'open');
        assert.equal(answer.allowed, true);
        assert.equal(answer.status, undefined);
        assert.deepEqual(api.requests.slice(calls), ['GET /api/v1/namespaces/open']);
      });

      it('follows ClusterImagePolicy creation, update and deletion', async () => {
        assert.equal(
          (await decide(unsigned, withPullSecret)).allowed,
          true,
          'no policy covers it (--no-match allow)',
        );
        const glob = '127.0.0.1:*/team/unsigned*';
        api.apply(policyObject('unsigned-too', glob, { key: { secretRef: { name: 'ci-key' } } }));
        const denied = await waitUntil(
          'the new policy denies',
          () => decide(unsigned, withPullSecret),
          (a) => a.allowed === false,
          PROBE,
        );
        assert.match(denied.status.message, /policy "unsigned-too"/);
        api.apply(
          policyObject('unsigned-too', glob, {
            static: { action: 'fail', message: 'frozen by the operator' },
          }),
        );
        await waitUntil(
          'the updated policy denies with its message',
          () => decide(unsigned, withPullSecret),
          (a) => /frozen by the operator/.test(a.status?.message ?? ''),
          PROBE,
        );
        api.remove('policy.signet.dev/v1beta1', 'ClusterImagePolicy', 'unsigned-too');
        await waitUntil(
          'the deletion admits again',
          () => decide(unsigned, withPullSecret),
          (a) => a.allowed === true,
          PROBE,
        );
      });

      it('skips an invalid ClusterImagePolicy, reports it in /readyz and keeps the others', async () => {
        api.apply(
          policyObject('broken', '127.0.0.1:*/team/**', { key: { kms: 'awskms:///alias/x' } }),
        );
        const ready = await waitUntil(
          '/readyz reports the problem',
          async (): Promise<Json> => (await getJson(webhook.server, certs.ca, '/readyz')).body,
          (b) => JSON.stringify(b).includes('broken'),
          PROBE,
        );
        assert.equal(ready.status, 'ready');
        assert.match(
          ready.policies.sources[0].problems.join('\n'),
          /clusterimagepolicies\.policy\.signet\.dev\/broken: spec\.authorities\[0\]\.key\.kms/,
        );
        assert.equal(ready.policies.policies, 1);
        assert.equal((await decide(signed, withPullSecret)).allowed, true);
        assert.equal(
          (await decide(unsigned, withPullSecret)).allowed,
          true,
          'the broken policy is not half-applied',
        );
        api.remove('policy.signet.dev/v1beta1', 'ClusterImagePolicy', 'broken');
      });
    },
  );
}

describe('webhook whose Kubernetes API is unreachable at start', () => {
  it('stays unready (503), says why, and answers no review', async () => {
    const certs = await makeCertificates();
    const port = await freeLoopbackPort(); // nothing listens there
    const kubeconfig = join(certs.dir, 'unreachable-kubeconfig');
    await writeKubeconfig(kubeconfig, {
      server: `https://127.0.0.1:${port}`,
      token: 'unused',
      caPem: certs.ca,
    });
    const webhook = await startWebhookOnApi(certs, kubeconfig);
    try {
      const answer = await waitUntil(
        'the failure is reported',
        () => getJson(webhook.server, certs.ca, '/readyz'),
        (r) => r.body.policies?.sources[0]?.lastError !== undefined,
        PROBE,
      );
      assert.equal(answer.status, 503);
      assert.equal(answer.body.code, 'ADMISSION_NOT_READY');
      assert.match(
        answer.body.message,
        /waiting for ClusterImagePolicy policy\.signet\.dev\/v1beta1 \(.*listing .* failed/,
      );
      const review503 = await postJson(
        webhook.server,
        certs.ca,
        '/validate',
        review('Pod', { spec: { containers: [{ name: 'a', image: 'x/y:1' }] } }),
      );
      assert.equal(review503.status, 503, 'no review is answered without policies (fail closed)');
    } finally {
      await webhook.close();
      await removeCertificates(certs);
    }
  });
});
