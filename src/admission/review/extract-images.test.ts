import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { extractWorkload } from './extract-images.js';

const podSpec = {
  serviceAccountName: 'builder',
  imagePullSecrets: [{ name: 'regcred' }, { name: 'mirror' }],
  initContainers: [{ name: 'init', image: 'busybox:1.36' }],
  containers: [
    { name: 'app', image: 'registry.example/team/app:v1' },
    { name: 'sidecar', image: 'registry.example/team/proxy@sha256:' + 'a'.repeat(64) },
  ],
  ephemeralContainers: [{ name: 'debug', image: 'debug:latest' }],
};
const labels = { app: 'shop' };
const template = { metadata: { labels }, spec: podSpec };

const cases: Array<[string, Record<string, unknown>, string]> = [
  ['Pod', { metadata: { labels }, spec: podSpec }, 'spec'],
  ['Deployment', { spec: { template } }, 'spec.template.spec'],
  ['ReplicaSet', { spec: { template } }, 'spec.template.spec'],
  ['StatefulSet', { spec: { template } }, 'spec.template.spec'],
  ['DaemonSet', { spec: { template } }, 'spec.template.spec'],
  ['Job', { spec: { template } }, 'spec.template.spec'],
  ['ReplicationController', { spec: { template } }, 'spec.template.spec'],
  [
    'CronJob',
    { spec: { jobTemplate: { spec: { template } } } },
    'spec.jobTemplate.spec.template.spec',
  ],
];

describe('extractWorkload', () => {
  for (const [kind, object, prefix] of cases) {
    it(`finds every image of a ${kind} with its field path and patch pointer`, () => {
      const workload = extractWorkload(kind, object)!;
      assert.deepEqual(
        workload.images.map((i) => [i.path, i.image]),
        [
          [`${prefix}.initContainers[0].image`, 'busybox:1.36'],
          [`${prefix}.containers[0].image`, 'registry.example/team/app:v1'],
          [`${prefix}.containers[1].image`, podSpec.containers[1]!.image],
          [`${prefix}.ephemeralContainers[0].image`, 'debug:latest'],
        ],
      );
      assert.equal(
        workload.images[1]!.pointer,
        `/${prefix.replaceAll('.', '/')}/containers/0/image`,
      );
      assert.equal(workload.images[1]!.container, 'app');
      assert.deepEqual(workload.imagePullSecrets, ['regcred', 'mirror']);
      assert.equal(workload.serviceAccountName, 'builder');
      assert.deepEqual(workload.labels, labels);
    });
  }

  it('ignores kinds without a pod spec', () => {
    assert.equal(extractWorkload('ConfigMap', { data: {} }), undefined);
  });

  it('defaults the service account to "default" and honours the deprecated field', () => {
    assert.equal(
      extractWorkload('Pod', { spec: { containers: [] } })!.serviceAccountName,
      'default',
    );
    assert.equal(
      extractWorkload('Pod', { spec: { serviceAccount: 'old', containers: [] } })!
        .serviceAccountName,
      'old',
    );
  });

  it('reads a pod without labels as having none', () => {
    assert.deepEqual(
      extractWorkload('Pod', { spec: { containers: [{ image: 'a' }] } })!.labels,
      {},
    );
  });

  const malformed: Array<[string, string, Record<string, unknown>, RegExp]> = [
    [
      'a Deployment without template',
      'Deployment',
      { spec: {} },
      /spec\.template\.spec is missing/,
    ],
    [
      'containers that are not a list',
      'Pod',
      { spec: { containers: {} } },
      /spec\.containers is not a list/,
    ],
    [
      'a container without image',
      'Pod',
      { spec: { containers: [{ name: 'x' }] } },
      /spec\.containers\[0\]\.image is missing/,
    ],
    [
      'an image that is a number',
      'Pod',
      { spec: { containers: [{ image: 5 }] } },
      /spec\.containers\[0\]\.image/,
    ],
    [
      'pull secrets without names',
      'Pod',
      { spec: { containers: [], imagePullSecrets: [{}] } },
      /imagePullSecrets\[0\]\.name/,
    ],
    [
      'labels that are not strings',
      'Pod',
      { metadata: { labels: { a: 1 } }, spec: { containers: [] } },
      /metadata\.labels/,
    ],
    [
      'too many containers',
      'Pod',
      { spec: { containers: Array.from({ length: 200 }, () => ({ image: 'a' })) } },
      /at most 128/,
    ],
  ];
  for (const [name, kind, object, expected] of malformed) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => extractWorkload(kind, object),
        (error: unknown) =>
          isSignetError(error) &&
          error.code === 'ADMISSION_REVIEW_INVALID' &&
          expected.test(error.message),
      );
    });
  }

  function rejection(kind: string, object: Record<string, unknown>) {
    try {
      extractWorkload(kind, object);
    } catch (error) {
      assert.ok(isSignetError(error) && error.code === 'ADMISSION_REVIEW_INVALID');
      return error;
    }
    assert.fail('expected the object to be rejected');
  }

  it('rejects 900,000 empty containers with one short problem, without visiting them', () => {
    const containers = Array.from({ length: 900_000 }, () => ({}));
    const error = rejection('Pod', { spec: { containers, initContainers: containers } });
    assert.match(error.message, /1800000 containers; at most 128 are judged per object/);
    assert.ok(error.message.length < 500, `message of ${error.message.length} characters`);
  });

  it('keeps ten problems of a pod whose every container is broken, and counts the rest', () => {
    const containers = Array.from({ length: 100 }, () => ({ name: 'x' }));
    const error = rejection('Pod', { spec: { containers } });
    assert.match(error.message, /spec\.containers\[9\]\.image is missing/);
    assert.doesNotMatch(error.message, /spec\.containers\[10\]/);
    assert.match(error.message, /and 90 more problems/);
    assert.equal((error.details['problems'] as string[]).length, 11);
  });

  it('rejects an image longer than any reference, without quoting it', () => {
    const error = rejection('Pod', { spec: { containers: [{ image: 'a'.repeat(2_000_000) }] } });
    assert.match(error.message, /has 2000000 characters; no image reference has more than 1024/);
    assert.ok(error.message.length < 500);
  });

  it('rejects a huge imagePullSecrets list before reading its entries', () => {
    const imagePullSecrets = Array.from({ length: 500_000 }, (_, i) => ({ name: `s${i}` }));
    const error = rejection('Pod', { spec: { containers: [], imagePullSecrets } });
    assert.match(error.message, /imagePullSecrets has 500000 entries; at most 16 are read/);
  });
});
