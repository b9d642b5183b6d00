// Deploy-stage SecurityPolicies through a real Kubernetes API server: the SecurityPolicy
// CRD and the default set accepted by the server, and `signet serve webhook
// --security-policy` registered with the shipped webhook configurations, enforcing a policy
// in namespace prod (the request is denied with the policy's name, violation and
// remediation) while the same criteria only inform in dev (admitted, with a warning).
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
import { workloadManifest } from '../../src/testing/kube-cluster-workloads.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import type { WebhookChild } from './admission-harness.js';
import { startClusterWebhook, writeClusterServingCertificate } from './cluster-webhook.js';

const policy = (
  id: string,
  name: string,
  namespace: string,
  enforcement: string,
) => `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: ${id}}
spec:
  name: ${name}
  description: The image is referred to by the latest tag.
  remediation: Deploy a version tag or a digest.
  severity: medium
  categories: [DevOps Best Practices]
  lifecycleStages: [deploy]
  enforcement: {deploy: ${enforcement}}
  scope: [{namespace: ${namespace}}]
  criteria: {image: {latestTag: true}}
`;

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
      await cluster.apply(await shipped('crds/clusterimagepolicies.policy.signet.dev.yaml'));
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
        `${policy('latest-tag-prod', 'Latest tag', 'prod', 'enforce')}---\n${policy('latest-tag-dev', 'Latest tag in dev', 'dev', 'inform')}`,
      );
      webhook = await startClusterWebhook(
        cluster,
        dir,
        [
          '--policy',
          join(dir, 'cip.yaml'),
          '--security-policy',
          join(dir, 'security.yaml'),
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
      await cluster.apply(
        await readFile(join(DEPLOY_DIRECTORY, 'crds/securitypolicies.signet.dev.yaml'), 'utf8'),
      );
      await waitUntil(
        'the SecurityPolicy kind is served',
        () => cluster.kubectl(['get', 'securitypolicies']),
        (r) => r.code === 0,
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      const applied = await cluster.kubectl([
        'apply',
        '-f',
        join(DEPLOY_DIRECTORY, 'security-policies'),
      ]);
      assert.equal(applied.code, 0, applied.stderr);
      const listed = await cluster.kubectl([
        'get',
        'secpol',
        '-o',
        'jsonpath={.items[*].spec.name}',
      ]);
      assert.match(listed.stdout, /Trusted signature/);
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
  },
);
