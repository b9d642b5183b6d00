// Deploy-stage SecurityPolicies in the admission decision, against the embedded registry:
// enforce denies with the policy's name, violation and remediation, inform admits with a
// warning, and a policy scoped to a namespace or to workload labels applies only there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { compilePolicies, parsePolicyYaml } from '../../policy/index.js';
import { compileSecurityPolicies, parseSecurityPolicyYaml } from '../../policy/security/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import type { AdmissionRequest } from '../review/index.js';
import { AdmissionDecider } from './decider.js';
import { staticKubernetesReader } from './kubernetes-reader.js';

const SECURITY = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: latest-tag}
spec:
  name: Latest tag
  description: The latest tag moves.
  remediation: Pin a version tag or a digest.
  severity: low
  lifecycleStages: [deploy]
  enforcement: {deploy: enforce}
  scope: [{namespace: prod}, {labels: {matchLabels: {tier: critical}}}]
  criteria: {image: {latestTag: true}}
---
apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: latest-tag-inform}
spec:
  name: Latest tag (inform)
  description: The latest tag moves.
  remediation: Pin a version tag or a digest.
  severity: low
  lifecycleStages: [deploy]
  scope: [{namespace: dev}]
  criteria: {image: {latestTag: true}}
`;

describe('SecurityPolicies at admission', () => {
  let registry: RunningRegistry;
  let decider: AdmissionDecider;
  let stopped = false;
  const image = (tag: string) => `${registry.host}/team/app:${tag}`;
  const pod = (
    namespace: string,
    tag: string,
    labels: Record<string, string> = {},
  ): AdmissionRequest => ({
    uid: 'u',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace,
    operation: 'CREATE',
    object: { metadata: { labels }, spec: { containers: [{ name: 'app', image: image(tag) }] } },
  });

  before(async () => {
    registry = await startInMemoryRegistry();
    const client = new RegistryClient();
    for (const tag of ['latest', '1.0'])
      await pushImage(client, parseReference(image(tag)), buildImage());
    await client.close();
    decider = new AdmissionDecider({
      kubernetes: staticKubernetesReader({
        namespaces: {
          prod: { 'signet.dev/include': 'true' },
          dev: { 'signet.dev/include': 'true' },
          qa: { 'signet.dev/include': 'true' },
        },
      }),
      keyNamespace: 'signet-system',
      deadlineMs: 10_000,
      cache: { ttlMs: 1000, maxEntries: 10 },
    });
    const open = `apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: open}\nspec:\n  images: [{glob: "**"}]\n  authorities: [{static: {action: pass}}]\n`;
    decider.setPolicies(compilePolicies(parsePolicyYaml(open, 'cip.yaml').documents));
    decider.setSecurityPolicies(
      compileSecurityPolicies(parseSecurityPolicyYaml(SECURITY, 'sp.yaml').documents),
    );
  });
  after(async () => {
    await decider.close();
    if (!stopped) await registry.stop();
  });

  it('denies in prod with the policy name, the violation and the remediation', async () => {
    const decision = await decider.decideReview(pod('prod', 'latest'), 'validate');
    assert.equal(decision.allowed, false);
    assert.match(
      decision.message!,
      /violates policy "Latest tag" \(low\): image .*app:latest uses the "latest" tag\. Remediation: Pin a version tag or a digest\./,
    );
  });

  it('admits in dev with a warning, and admits a pinned version in prod', async () => {
    const dev = await decider.decideReview(pod('dev', 'latest'), 'validate');
    assert.equal(dev.allowed, true);
    assert.equal(dev.warnings.length, 1);
    assert.match(dev.warnings[0]!, /violates policy "Latest tag \(inform\)" \(inform only\)/);
    const pinned = await decider.decideReview(pod('prod', '1.0'), 'validate');
    assert.equal(pinned.allowed, true, pinned.message);
    assert.deepEqual(pinned.warnings, []);
  });

  it('applies a label-scoped policy to labelled workloads in any namespace', async () => {
    assert.equal((await decider.decideReview(pod('qa', 'latest'), 'validate')).allowed, true);
    const critical = await decider.decideReview(
      pod('qa', 'latest', { tier: 'critical' }),
      'validate',
    );
    assert.equal(critical.allowed, false);
  });

  it('fails closed when an enforcing policy cannot be evaluated, and only warns otherwise', async () => {
    const missing = (ns: string) => ({
      ...pod(ns, 'latest'),
      object: {
        spec: { containers: [{ name: 'app', image: `${registry.host}/team/missing:latest` }] },
      },
    });
    const prod = await decider.decideReview(missing('prod'), 'validate');
    assert.equal(prod.allowed, false);
    const dev = await decider.decideReview(missing('dev'), 'validate');
    assert.equal(dev.allowed, true);
    assert.match(dev.warnings[0]!, /SecurityPolicies could not be evaluated for image/);
  });
  it('reuses the evaluation of a digest-pinned image while the registry is down', async () => {
    const client = new RegistryClient();
    const digest = await client.resolveDigest(parseReference(image('latest')));
    await client.close();
    const pinned = (ns: string) => ({
      ...pod(ns, 'latest'),
      object: {
        spec: { containers: [{ name: 'app', image: `${registry.host}/team/app@${digest}` }] },
      },
    });
    assert.equal((await decider.decideReview(pinned('prod'), 'validate')).allowed, true);
    await registry.stop();
    stopped = true;
    // Same image, namespace and labels: answered from the cache, without the registry.
    const again = await decider.decideReview(pinned('prod'), 'validate');
    assert.equal(again.allowed, true, again.message);
  });
});
