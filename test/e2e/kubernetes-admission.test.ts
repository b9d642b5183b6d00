// The admission webhook reading a real Kubernetes API server through the production client,
// as its ServiceAccount under the shipped RBAC (deploy/01-rbac.yaml): namespace opt-in
// labels, pull secrets of the pod and of its ServiceAccount against a registry that
// requires Basic auth, keys named by key.secretRef, and ClusterImagePolicy objects whose
// changes take effect live. The API server's audit log shows which calls the webhook made.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { installPolicyCrds } from '../../src/testing/kube-cluster-crds.js';
import { writeKubeconfig } from '../../src/testing/kube-cluster-kubeconfig.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
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
/** Who the webhook is to the API server: its ServiceAccount, as in the Deployment. */
const WEBHOOK_USER = `system:serviceaccount:${WEBHOOK_NAMESPACE}:signet-webhook`;
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
  reloader.start({
    policies: (set) => server.setPolicies(set),
    securityPolicies: (set) => server.decider.setSecurityPolicies(set),
  });
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
    { skip: target.skipReason ?? kubeClusterSkipReason() },
    () => {
      let registry: RunningRegistry;
      let cluster: KubeCluster;
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
      /**
       * The webhook's requests to the API server (`METHOD /path`), once `ready` holds: the
       * audit log is written as each response completes, a moment after the client has it.
       * The policy source's list and watches are left out: they run on their own schedule.
       */
      const webhookRequests = (ready: (requests: string[]) => boolean) =>
        waitUntil(
          'the API server logged the requests',
          async () =>
            (await cluster.auditedRequests(WEBHOOK_USER))
              .map((r) => r.request)
              .filter((r) => !r.includes('/clusterimagepolicies')),
          ready,
        );
      const removePolicy = async (name: string) => {
        const removed = await cluster.kubectl([
          'delete',
          'clusterimagepolicies.policy.signet.dev',
          name,
        ]);
        assert.equal(removed.code, 0, removed.stderr);
      };

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

        cluster = await startKubeCluster();
        await installPolicyCrds(cluster, ['policy.signet.dev']);
        const shipped = (name: string) => readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
        await cluster.apply(await shipped('00-namespace.yaml'), await shipped('01-rbac.yaml'));
        const dockerConfig = JSON.stringify({
          auths: { [registry.host]: { auth: b64(`${auth.username}:${auth.password}`) } },
        });
        await cluster.apply(
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'team', labels: { 'signet.dev/include': 'true' } },
          },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'open' } },
        );
        await cluster.apply(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'pull', namespace: 'team' },
            type: 'kubernetes.io/dockerconfigjson',
            data: { '.dockerconfigjson': b64(dockerConfig) },
          },
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'builder', namespace: 'team' },
            imagePullSecrets: [{ name: 'pull' }],
          },
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'default', namespace: 'team' },
          },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'ci-key', namespace: WEBHOOK_NAMESPACE },
            data: { 'cosign.pub': b64(trusted.publicKey.pem) },
          },
          policyObject('signed-app', '127.0.0.1:*/team/app*', {
            key: { secretRef: { name: 'ci-key' } },
          }),
        );
        const kubeconfig = await cluster.serviceAccountKubeconfig(
          WEBHOOK_NAMESPACE,
          'signet-webhook',
        );

        certs = await makeCertificates();
        webhook = await startWebhookOnApi(certs, kubeconfig);
        await waitUntil(
          'the webhook is ready',
          () => getText(webhook.server, certs.ca, '/readyz'),
          (r) => r.status === 200,
          PROBE,
        );
      });
      after(async () => {
        await webhook?.close();
        await cluster?.stop();
        await registry?.stop();
        if (certs !== undefined) await removeCertificates(certs);
      });

      it('admits a signed image with the pod pull secret and the key from key.secretRef', async () => {
        const answer = await decide(signed, withPullSecret);
        assert.equal(answer.allowed, true, answer.status?.message);
        const requests = await webhookRequests((r) =>
          r.includes('GET /api/v1/namespaces/team/secrets/pull'),
        );
        assert.ok(requests.includes(`GET /api/v1/namespaces/${WEBHOOK_NAMESPACE}/secrets/ci-key`));
        assert.ok(requests.includes('GET /api/v1/namespaces/team'));
      });

      it('uses the pull secrets of the pod service account', async () => {
        const answer = await decide(signed, { serviceAccountName: 'builder' });
        assert.equal(answer.allowed, true, answer.status?.message);
        await webhookRequests((r) =>
          r.includes('GET /api/v1/namespaces/team/serviceaccounts/builder'),
        );
      });

      it('cannot reach the image without a pull secret, so it denies', async () => {
        const answer = await decide(`${registry.host}/team/app:v1`);
        assert.equal(answer.allowed, false);
        assert.match(answer.status.message, /team\/app:v1/);
      });

      it('leaves namespaces without the opt-in label alone', async () => {
        const calls = (await webhookRequests(() => true)).length;
        const answer = await decide(`${registry.host}/team/unsigned:v1`, {}, 'open');
        assert.equal(answer.allowed, true);
        assert.equal(answer.status, undefined);
        const requests = await webhookRequests((r) => r.length > calls);
        assert.deepEqual(requests.slice(calls), ['GET /api/v1/namespaces/open']);
      });

      it('follows ClusterImagePolicy creation, update and deletion', async () => {
        assert.equal(
          (await decide(unsigned, withPullSecret)).allowed,
          true,
          'no policy covers it (--no-match allow)',
        );
        const glob = '127.0.0.1:*/team/unsigned*';
        await cluster.apply(
          policyObject('unsigned-too', glob, { key: { secretRef: { name: 'ci-key' } } }),
        );
        const denied = await waitUntil(
          'the new policy denies',
          () => decide(unsigned, withPullSecret),
          (a) => a.allowed === false,
          PROBE,
        );
        assert.match(denied.status.message, /policy "unsigned-too"/);
        await cluster.apply(
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
        await removePolicy('unsigned-too');
        await waitUntil(
          'the deletion admits again',
          () => decide(unsigned, withPullSecret),
          (a) => a.allowed === true,
          PROBE,
        );
      });

      it('skips an invalid ClusterImagePolicy, reports it in /readyz and keeps the others', async () => {
        await cluster.apply(
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
        await removePolicy('broken');
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
      user: { token: 'unused' },
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
