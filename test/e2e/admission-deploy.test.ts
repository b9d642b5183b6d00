// The manifests in deploy/ read as Kubernetes would read them: every file parses, the
// kinds an install needs are there in apply order, selectors and ports line up, and the
// webhook configurations call routes the server has, with the timeouts it is built for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { WORKLOAD_SHAPES } from '../../src/admission/index.js';
import { ADMISSION_ROUTES } from '../../src/admission/server/index.js';
import type { Json } from './admission-harness.js';

interface Manifest {
  file: string;
  doc: Json;
}

const DEPLOY = 'deploy';

function manifests(dir: string): Manifest[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
        assert.deepEqual(d.errors, [], `${file} parses`);
        return { file, doc: d.toJS() };
      }),
    )
    .filter((m) => m.doc !== null);
}

const all = manifests(DEPLOY);
const one = (kind: string): Json => {
  const found = all.filter((m) => m.doc.kind === kind);
  assert.equal(found.length, 1, `exactly one ${kind}`);
  return found[0]!.doc;
};
const CONFIGURATIONS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
/** Every webhook entry of both configurations (two per configuration: one per opt-in label). */
const webhooks = (): Json[] => CONFIGURATIONS.flatMap((kind): Json[] => one(kind).webhooks);

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('deploy/ manifests', () => {
  it('are numbered files in apply order, each parsing as YAML', () => {
    const files = readdirSync(DEPLOY).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 8);
    for (const file of files) assert.match(file, /^\d{2}-[a-z-]+\.yaml$/);
    for (const folder of ['gatekeeper', 'chains', 'security-policies']) {
      assert.ok(manifests(join(DEPLOY, folder)).length > 0, `deploy/${folder} parses too`);
    }
  });

  it('hold every kind an installation needs, the namespace first', () => {
    const kinds = all.map((m) => String(m.doc.kind));
    for (const kind of [
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
    ]) {
      assert.ok(kinds.includes(kind), `${kind} present`);
    }
    assert.equal(all[0]!.doc.kind, 'Namespace');
    const namespace = one('Namespace').metadata.name;
    for (const { doc } of all.filter((m) => m.doc.metadata.namespace !== undefined)) {
      assert.equal(doc.metadata.namespace, namespace, `${doc.kind} ${doc.metadata.name}`);
    }
  });

  it('grant the webhook read access to namespaces, secrets, service accounts and policies only', () => {
    const rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> =
      one('ClusterRole').rules;
    const allowed = (group: string, resource: string, verb: string) =>
      rules.some(
        (r) =>
          r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
      );
    assert.ok(allowed('', 'namespaces', 'get'));
    assert.ok(allowed('', 'secrets', 'get'));
    assert.ok(allowed('', 'serviceaccounts', 'get'));
    assert.ok(allowed('policy.signet.dev', 'clusterimagepolicies', 'list'));
    assert.ok(allowed('policy.sigstore.dev', 'trustroots', 'watch'));
    const writes = rules
      .flatMap((r) => r.verbs)
      .filter((v) => !['get', 'list', 'watch'].includes(v));
    assert.deepEqual(writes, []);
    const binding = one('ClusterRoleBinding');
    const account = one('ServiceAccount');
    assert.equal(binding.roleRef.name, one('ClusterRole').metadata.name);
    assert.deepEqual(binding.subjects[0], {
      kind: 'ServiceAccount',
      name: account.metadata.name,
      namespace: account.metadata.namespace,
    });
    assert.equal(one('Deployment').spec.template.spec.serviceAccountName, account.metadata.name);
  });

  it('run two hardened replicas whose probes hit the server routes', () => {
    const deployment = one('Deployment');
    assert.equal(deployment.spec.replicas, 2);
    const pod = deployment.spec.template;
    assert.ok(matches(deployment.spec.selector.matchLabels, pod.metadata.labels));
    assert.equal(pod.spec.securityContext.runAsNonRoot, true);
    assert.ok(pod.spec.affinity.podAntiAffinity);
    const container = pod.spec.containers[0];
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
    assert.ok(container.resources.requests.cpu && container.resources.limits.memory);
    assert.equal(container.readinessProbe.httpGet.path, ADMISSION_ROUTES.readyz);
    assert.equal(container.livenessProbe.httpGet.path, ADMISSION_ROUTES.healthz);
    assert.equal(container.readinessProbe.httpGet.scheme, 'HTTPS');
    assert.deepEqual(container.args.slice(0, 2), ['serve', 'webhook']);
  });

  it('route the Service and the disruption budget to the webhook pods', () => {
    const pod = one('Deployment').spec.template;
    const service = one('Service');
    assert.ok(matches(service.spec.selector, pod.metadata.labels));
    const target = service.spec.ports[0].targetPort;
    assert.ok(pod.spec.containers[0].ports.some((p: { name: string }) => p.name === target));
    assert.ok(matches(one('PodDisruptionBudget').spec.selector.matchLabels, pod.metadata.labels));
  });

  it('call the webhook routes through the Service, fail closed, above the server deadline', () => {
    const service = one('Service');
    const args: string[] = one('Deployment').spec.template.spec.containers[0].args;
    const deadline = Number(
      /^--timeout=(\d+)s$/.exec(args.find((a) => a.startsWith('--timeout='))!)![1],
    );
    const paths = webhooks().map((w) => String(w.clientConfig.service.path));
    assert.deepEqual(paths, [
      ADMISSION_ROUTES.validate,
      ADMISSION_ROUTES.validate,
      ADMISSION_ROUTES.mutate,
      ADMISSION_ROUTES.mutate,
    ]);
    for (const webhook of webhooks()) {
      assert.equal(webhook.clientConfig.service.name, service.metadata.name);
      assert.equal(webhook.clientConfig.service.namespace, service.metadata.namespace);
      assert.equal(webhook.clientConfig.service.port, service.spec.ports[0].port);
      assert.equal(webhook.failurePolicy, 'Fail');
      assert.equal(webhook.sideEffects, 'None');
      assert.deepEqual(webhook.admissionReviewVersions, ['v1']);
      assert.ok(
        webhook.timeoutSeconds > deadline && webhook.timeoutSeconds <= 30,
        'deadline < timeoutSeconds ≤ 30',
      );
      assert.ok('caBundle' in webhook.clientConfig);
    }
    for (const kind of CONFIGURATIONS) {
      const [first, second] = one(kind).webhooks as Json[];
      // Same rules, route and limits on both entries: only the namespace selector differs.
      const { name: _a, namespaceSelector: _b, ...firstRest } = first;
      const { name: _c, namespaceSelector: _d, ...secondRest } = second;
      assert.deepEqual(secondRest, firstRest, `${kind}: both entries alike but the selector`);
    }
    assert.ok(args.includes('--pin-digests'), 'the mutating webhook has digests to pin');
  });

  it("select Signet's label and policy-controller's, never sending a namespace twice", () => {
    const selected = (selector: Json, labels: Record<string, string>) =>
      Object.entries((selector.matchLabels ?? {}) as Record<string, string>).every(
        ([k, v]) => labels[k] === v,
      ) &&
      (
        (selector.matchExpressions ?? []) as { key: string; operator: string; values: string[] }[]
      ).every((e) =>
        e.operator === 'In'
          ? e.values.includes(labels[e.key] ?? '')
          : e.operator === 'NotIn'
            ? !e.values.includes(labels[e.key] ?? '')
            : assert.fail(`unexpected operator ${e.operator}`),
      );
    const namespaces: [Record<string, string>, number][] = [
      [{ 'signet.dev/include': 'true' }, 1],
      [{ 'policy.sigstore.dev/include': 'true' }, 1],
      [{ 'signet.dev/include': 'true', 'policy.sigstore.dev/include': 'true' }, 1],
      [{ 'policy.sigstore.dev/include': 'false' }, 0],
      [{}, 0],
    ];
    for (const kind of CONFIGURATIONS) {
      for (const [labels, calls] of namespaces) {
        const hits = (one(kind).webhooks as Json[]).filter((w) =>
          selected(w.namespaceSelector, labels),
        ).length;
        assert.equal(hits, calls, `${kind}: namespace labelled ${JSON.stringify(labels)}`);
      }
    }
  });

  it('send every workload kind the server extracts images from', () => {
    const resourceOf: Record<string, string> = {
      Pod: 'pods',
      Deployment: 'deployments',
      ReplicaSet: 'replicasets',
      StatefulSet: 'statefulsets',
      DaemonSet: 'daemonsets',
      Job: 'jobs',
      CronJob: 'cronjobs',
      ReplicationController: 'replicationcontrollers',
    };
    for (const webhook of webhooks()) {
      const resources = webhook.rules.flatMap(
        (r: { resources: string[]; operations: string[] }) => {
          assert.deepEqual(r.operations, ['CREATE', 'UPDATE']);
          return r.resources;
        },
      );
      for (const kind of Object.keys(WORKLOAD_SHAPES))
        assert.ok(resources.includes(resourceOf[kind]), `${webhook.name}: ${kind}`);
      assert.ok(resources.includes('pods/ephemeralcontainers'));
    }
  });

  it('never send the webhook its own namespace', () => {
    const labels = one('Namespace').metadata.labels ?? {};
    assert.notEqual(labels['signet.dev/include'], 'true');
  });

  it('point the Gatekeeper provider at the external-data route', () => {
    const provider = manifests(join(DEPLOY, 'gatekeeper')).find(
      (m) => m.doc.kind === 'Provider',
    )!.doc;
    const service = one('Service');
    assert.equal(
      provider.spec.url,
      `https://${service.metadata.name}.${service.metadata.namespace}.svc:443${ADMISSION_ROUTES.gatekeeper}`,
    );
  });
});
