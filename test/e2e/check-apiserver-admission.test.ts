// Deploy-stage SecurityPolicies through a real Kubernetes API server: the SecurityPolicy
// CRD and the default set accepted by the server, and `signet serve webhook
// --security-policy FILE --policy-source kubernetes` registered with the shipped webhook
// configurations, with the shipped RBAC. A policy from the file enforces in namespace prod
// (the request is denied with the policy's name, violation and remediation) while a
// SecurityPolicy object of the same criteria only informs in dev (admitted, with a
// warning); changing, breaking and deleting that object takes effect without a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
import { waitForCrds } from '../../src/testing/kube-cluster-crds.js';
import { latestTagPolicyYaml } from '../../src/testing/latest-tag-policy.js';
import { workloadManifest } from '../../src/testing/kube-cluster-workloads.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { getText, type WebhookChild } from './admission-harness.js';
import { startClusterWebhook, writeClusterServingCertificate } from './cluster-webhook.js';

const policy = (
  id: string,
  name: string,
  namespace: string,
  enforcement: string,
  images: readonly string[] = [],
) => latestTagPolicyYaml({ id, name, enforcement, scope: { namespace, images } });

describe(
  'SecurityPolicies through a real Kubernetes API server',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;
    let registry: RunningRegistry;
    let dir: string;
    let webhook: WebhookChild;
    const image = (tag: string) => `${registry.host}/team/app:${tag}`;
    const create = (object: Record<string, unknown>) =>
      cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify(object) });
    /** Through admission without creating anything, so a test can ask again and again. */
    const tryCreate = (object: Record<string, unknown>) =>
      cluster.kubectl(['apply', '--dry-run=server', '-f', '-'], {
        input: JSON.stringify(object),
      });
    const applyYaml = (yaml: string) => cluster.kubectl(['apply', '-f', '-'], { input: yaml });

    before(async () => {
      cluster = await startKubeCluster();
      registry = await startInMemoryRegistry();
      dir = await mkdtemp(join(tmpdir(), 'signet-check-apiserver-'));
      const client = new RegistryClient();
      for (const tag of ['latest', '1.0'])
        await pushImage(
          client,
          parseReference(image(tag)),
          buildImage({ layers: 1, layerBytes: 256 }),
        );
      await client.close();

      const shipped = (name: string) => readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
      await cluster.apply(
        await shipped('crds/clusterimagepolicies.policy.signet.dev.yaml'),
        await shipped('crds/securitypolicies.signet.dev.yaml'),
      );
      await waitForCrds(cluster, [
        'securitypolicies.signet.dev',
        'clusterimagepolicies.policy.signet.dev',
      ]);
      const devPolicy = await applyYaml(
        policy('latest-tag-dev', 'Latest tag in dev', 'dev', 'inform'),
      );
      assert.equal(devPolicy.code, 0, devPolicy.stderr);
      await cluster.apply(await shipped('00-namespace.yaml'), await shipped('01-rbac.yaml'));
      const label = { 'signet.dev/include': 'true' };
      await cluster.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: label } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: label } },
      );
      const kubeconfig = await cluster.serviceAccountKubeconfig('signet-system', 'signet-webhook');
      await writeClusterServingCertificate(cluster, dir);
      const open = {
        apiVersion: 'policy.signet.dev/v1beta1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'open' },
        spec: {
          images: [{ glob: `${registry.host}/team/**` }],
          authorities: [{ static: { action: 'pass' } }],
        },
      };
      await writeFile(join(dir, 'cip.yaml'), JSON.stringify(open));
      await writeFile(
        join(dir, 'security.yaml'),
        policy('latest-tag-prod', 'Latest tag', 'prod', 'enforce'),
      );
      webhook = await startClusterWebhook(
        cluster,
        dir,
        [
          '--policy',
          join(dir, 'cip.yaml'),
          '--security-policy',
          join(dir, 'security.yaml'),
          '--policy-source',
          'kubernetes',
          '--kubernetes',
          'cluster',
          '--namespace',
          'signet-system',
          '--insecure-registry',
          registry.host,
        ],
        { env: { KUBECONFIG: kubeconfig }, register: true },
      );
    });

    after(async () => {
      webhook?.kill();
      await cluster?.stop();
      await registry?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('serves the SecurityPolicy CRD and accepts the default set', async () => {
      const listed = await cluster.kubectl([
        'get',
        'secpol',
        '-o',
        'jsonpath={.items[*].spec.name}',
      ]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stdout, 'Latest tag in dev');
      // A server-side dry run: validated by the API server's schema, not stored, so that the
      // default set (which enforces signatures) does not reach the webhook under test.
      const applied = await cluster.kubectl([
        'apply',
        '--dry-run=server',
        '-f',
        join(DEPLOY_DIRECTORY, 'security-policies'),
      ]);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(
        applied.stdout,
        /securitypolicy\.signet\.dev\/trusted-signature created \(server dry run\)/,
      );
      const bad = await cluster.kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'signet.dev/v1alpha1',
          kind: 'SecurityPolicy',
          metadata: { name: 'bad' },
          spec: {
            name: 'Bad',
            description: 'd',
            remediation: 'r',
            severity: 'urgent',
            lifecycleStages: ['build'],
            criteria: {},
          },
        }),
      });
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /spec\.severity/);
    });

    it('denies a latest-tag Deployment in prod with the policy, violation and remediation', async () => {
      const result = await create(workloadManifest('Deployment', 'web', 'prod', image('latest')));
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /denied the request/);
      assert.match(
        result.stderr,
        /violates policy "Latest tag" \(medium\): image .*team\/app:latest uses the "latest" tag\. Remediation: Deploy a version tag or a digest\./,
      );
      const listed = await cluster.kubectl(['-n', 'prod', 'get', 'deployments', '-o', 'name']);
      assert.doesNotMatch(listed.stdout, /web/);
    });

    it('admits the same Deployment in dev with a warning', async () => {
      const result = await create(workloadManifest('Deployment', 'web', 'dev', image('latest')));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Warning: .*violates policy "Latest tag in dev" \(inform only\)/);
    });

    it('admits a version tag in prod without warnings', async () => {
      const result = await create(workloadManifest('Deployment', 'pinned', 'prod', image('1.0')));
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /Warning/);
    });

    it('enforces in dev, without a restart, once the object is changed to enforce', async () => {
      const changed = await applyYaml(
        policy('latest-tag-dev', 'Latest tag in dev', 'dev', 'enforce'),
      );
      assert.equal(changed.code, 0, changed.stderr);
      const denied = await waitUntil(
        'the changed policy denies in dev',
        () => tryCreate(workloadManifest('Deployment', 'web2', 'dev', image('latest'))),
        (r) => r.code !== 0,
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      assert.match(denied.stderr, /violates policy "Latest tag in dev" \(medium\)/);
    });

    it('skips an invalid object, says so in /readyz, and keeps the other policies', async () => {
      // The CRD's schema checks shape only; the image glob's meaning is Signet's to check.
      const broken = await applyYaml(
        policy('broken', 'Broken', 'dev', 'enforce', [`${registry.host}/[team`]),
      );
      assert.equal(broken.code, 0, broken.stderr);
      const ready = await waitUntil(
        'the invalid object is reported',
        () => getText(webhook, cluster.caPem, '/readyz'),
        (r) => r.text.includes('securitypolicies.signet.dev/broken'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      assert.equal(ready.status, 200);
      assert.match(ready.text, /spec\.scope\[0\]\.images\[0\].*is invalid/);
      const stillDenied = await tryCreate(
        workloadManifest('Deployment', 'web3', 'dev', image('latest')),
      );
      assert.notEqual(stillDenied.code, 0);
      assert.match(stillDenied.stderr, /Latest tag in dev/);
      assert.doesNotMatch(stillDenied.stderr, /Broken/);
    });

    it('stops applying a policy once its object is deleted', async () => {
      const deleted = await cluster.kubectl([
        'delete',
        'securitypolicy',
        'latest-tag-dev',
        'broken',
      ]);
      assert.equal(deleted.code, 0, deleted.stderr);
      const admitted = await waitUntil(
        'dev admits latest again',
        () => tryCreate(workloadManifest('Deployment', 'web4', 'dev', image('latest'))),
        (r) => r.code === 0,
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      assert.doesNotMatch(admitted.stderr, /Warning/);
      const prod = await tryCreate(workloadManifest('Deployment', 'web5', 'prod', image('latest')));
      assert.notEqual(prod.code, 0, 'the policy from the file still enforces in prod');
    });
  },
);
