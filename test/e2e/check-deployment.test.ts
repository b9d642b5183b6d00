// `signet check deployment -f FILE` against the real distribution registry: deploy-stage
// SecurityPolicies over every image of every workload in a manifest file, with images
// extracted as the admission webhook extracts them, and per-namespace scope honoured.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, ...console };
}

const POLICIES = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: latest-tag}
spec:
  name: Latest tag
  description: The image uses the latest tag.
  remediation: Pin a version.
  severity: low
  lifecycleStages: [deploy]
  enforcement: {deploy: enforce}
  scope: [{namespace: prod}]
  criteria: {image: {latestTag: true}}
---
apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: no-root}
spec:
  name: Runs as root
  description: The image runs as root.
  remediation: Set USER in the Dockerfile.
  severity: medium
  lifecycleStages: [deploy]
  criteria: {image: {runsAsRoot: true}}
---
apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: build-only}
spec:
  name: Build only
  description: Never evaluated at deploy time.
  remediation: None.
  severity: critical
  lifecycleStages: [build]
  enforcement: {build: enforce}
  criteria: {image: {registries: [nowhere.example]}}
`;

const [distribution] = registryTargets().filter((t) => t.name === 'distribution');

describe('signet check deployment', { skip: distribution!.skipReason }, () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let dir: string;
  const file = (name: string) => join(dir, name);
  const manifests = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: init, image: "${registry.host}/team/init:1.0"}]
      containers: [{name: app, image: "${registry.host}/team/app:latest"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ${namespace}}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "${registry.host}/team/init:1.0"}]
`;

  before(async () => {
    registry = await distribution!.start();
    client = new RegistryClient();
    dir = await mkdtemp(join(tmpdir(), 'signet-check-deployment-'));
    await writeFile(file('policies.yaml'), POLICIES);
    for (const name of ['init:1.0', 'app:latest'])
      await pushImage(client, parseReference(`${registry.host}/team/${name}`), buildImage());
    await writeFile(file('prod.yaml'), manifests('prod'));
    await writeFile(file('dev.yaml'), manifests('dev'));
    await writeFile(file('empty.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    await writeFile(file('broken.yaml'), 'kind: Pod\nspec: [\n');
  });

  after(async () => {
    await client.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('enforces a namespace-scoped policy for every image of every workload in prod', async () => {
    const result = await run([
      'check',
      'deployment',
      '-f',
      file('prod.yaml'),
      '--policy',
      file('policies.yaml'),
      '--output',
      'json',
    ]);
    assert.equal(result.code, 13, result.stderr);
    const report = JSON.parse(result.stdout) as {
      results: { image: string; violations: { policy: string; enforced: boolean }[] }[];
      summary: { images: number; failingPolicies: number; policiesEvaluated: number };
    };
    assert.deepEqual(
      report.results.map((r) => r.image.replace(registry.host, 'R')),
      [
        'R/team/init:1.0 (Deployment/web, init)',
        'R/team/app:latest (Deployment/web, app)',
        'R/team/init:1.0 (CronJob/nightly, job)',
      ],
    );
    const app = report.results[1]!.violations.map((v) => `${v.policy} ${v.enforced}`);
    assert.deepEqual(app, ['Latest tag true', 'Runs as root false']);
    assert.deepEqual(report.summary.policiesEvaluated, 2); // the build-only policy is not evaluated
  });

  it('does not apply the prod-scoped policy in dev, where only inform policies remain', async () => {
    const result = await run([
      'check',
      'deployment',
      '-f',
      file('dev.yaml'),
      '--policy',
      file('policies.yaml'),
    ]);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /Latest tag/);
    assert.match(result.stdout, /\| Runs as root +\| MEDIUM +\| +- +\|/);
  });

  it('refuses manifests without workloads and malformed YAML, naming the file', async () => {
    const empty = await run([
      'check',
      'deployment',
      '-f',
      file('empty.yaml'),
      '--policy',
      file('policies.yaml'),
    ]);
    assert.equal(empty.code, 2);
    assert.match(
      empty.stderr,
      /CHECK_MANIFESTS_INVALID.*no workload with a container image found in .*empty\.yaml/,
    );
    const broken = await run([
      'check',
      'deployment',
      '-f',
      file('broken.yaml'),
      '--policy',
      file('policies.yaml'),
    ]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /CHECK_MANIFESTS_INVALID.*broken\.yaml/);
  });
});
