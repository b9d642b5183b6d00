import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startKubeApiServer, writeKubeconfig, type KubeApiServer } from './kube-api-server.js';

const POLICY = (name: string, glob: string, apiVersion = 'policy.signet.dev/v1alpha1') => ({
  apiVersion,
  kind: 'ClusterImagePolicy',
  metadata: { name },
  spec: { images: [{ glob }], authorities: [{ static: { action: 'pass' } }] },
});

/** The HTTP status client-node's ApiException (or a watch error) carries. */
async function statusOf(call: Promise<unknown>): Promise<{ code: unknown; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: unknown; body?: unknown };
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code, body };
  }
  assert.fail('the call succeeded');
}

interface Event {
  type: string;
  object: k8s.KubernetesObject & { spec?: unknown };
}

/** Watches until `count` events arrived or the stream ended. */
function collectWatch(
  config: k8s.KubeConfig,
  path: string,
  query: Record<string, string | number>,
  count: number,
): Promise<{ events: Event[]; ended: boolean }> {
  const events: Event[] = [];
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let finished = false;
    const finish = (ended: boolean) => {
      if (finished) return;
      finished = true;
      // Resolve first: aborting reports the abort to the done callback synchronously.
      resolve({ events, ended });
      controller?.abort();
    };
    new k8s.Watch(config)
      .watch(
        path,
        query,
        (type, object) => {
          events.push({ type, object });
          if (events.length >= count) finish(false);
        },
        (error: unknown) =>
          error
            ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
            : finish(true),
      )
      .then((c) => {
        controller = c;
        if (finished) c.abort();
      }, reject);
  });
}

describe('Kubernetes API server stand-in', () => {
  let api: KubeApiServer;
  let config: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let custom: k8s.CustomObjectsApi;

  before(async () => {
    api = await startKubeApiServer();
    config = new k8s.KubeConfig();
    config.loadFromFile(api.kubeconfigPath);
    core = config.makeApiClient(k8s.CoreV1Api);
    custom = config.makeApiClient(k8s.CustomObjectsApi);
    api.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', labels: { a: 'b' } },
    });
  });
  after(() => api.close());

  it('creates a Secret and reads it back through client-node with the written kubeconfig', async () => {
    const created = await core.createNamespacedSecret({
      namespace: 'team',
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'pair' },
        data: { k: 'dg==' },
        immutable: true,
      },
    });
    assert.equal(created.metadata?.namespace, 'team');
    assert.match(created.metadata?.resourceVersion ?? '', /^\d+$/);
    assert.ok(created.metadata?.uid);
    const read = await core.readNamespacedSecret({ namespace: 'team', name: 'pair' });
    assert.deepEqual(read.data, { k: 'dg==' });
    assert.equal(read.kind, 'Secret');
  });

  it('answers Status objects: 409 AlreadyExists, 404 NotFound, 422 for an immutable Secret', async () => {
    const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pair' }, data: {} };
    const again = await statusOf(core.createNamespacedSecret({ namespace: 'team', body }));
    assert.equal(again.code, 409);
    assert.deepEqual(
      [(again.body as k8s.V1Status).kind, (again.body as k8s.V1Status).reason],
      ['Status', 'AlreadyExists'],
    );
    const missing = await statusOf(core.readNamespacedSecret({ namespace: 'team', name: 'nope' }));
    assert.equal(missing.code, 404);
    assert.equal((missing.body as k8s.V1Status).message, 'secrets "nope" not found');
    const noNamespace = await statusOf(core.createNamespacedSecret({ namespace: 'ghost', body }));
    assert.equal(noNamespace.code, 404);
    const changed = await statusOf(
      core.replaceNamespacedSecret({
        namespace: 'team',
        name: 'pair',
        body: { ...body, data: { k: 'eA==' } },
      }),
    );
    assert.equal(changed.code, 422);
  });

  it('refuses a request without the bearer token with 401', async () => {
    const path = join(api.kubeconfigPath, '..', 'wrong-token');
    await writeKubeconfig(path, { server: api.url, token: 'wrong', caPem: api.caPem });
    const wrong = new k8s.KubeConfig();
    wrong.loadFromFile(path);
    const answer = await statusOf(
      wrong.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'team' }),
    );
    assert.equal(answer.code, 401);
  });

  it('serves namespace labels and service account pull secrets', async () => {
    api.apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'team' },
      imagePullSecrets: [{ name: 'pull' }],
    });
    assert.deepEqual((await core.readNamespace({ name: 'team' })).metadata?.labels, { a: 'b' });
    const account = await core.readNamespacedServiceAccount({ namespace: 'team', name: 'builder' });
    assert.deepEqual(
      account.imagePullSecrets?.map((s) => s.name),
      ['pull'],
    );
  });

  it('lists custom resources in every served version with the collection resourceVersion', async () => {
    api.apply(POLICY('one', 'a/**'));
    const list = (await custom.listClusterCustomObject({
      group: 'policy.signet.dev',
      version: 'v1beta1',
      plural: 'clusterimagepolicies',
    })) as { kind: string; metadata: { resourceVersion: string }; items: Event['object'][] };
    assert.equal(list.kind, 'ClusterImagePolicyList');
    assert.deepEqual(
      list.items.map((i) => [i.apiVersion, i.metadata?.name]),
      [['policy.signet.dev/v1beta1', 'one']],
    );
    assert.ok(
      Number(list.metadata.resourceVersion) >= Number(list.items[0]!.metadata?.resourceVersion),
    );
    const other = (await custom.listClusterCustomObject({
      group: 'policy.sigstore.dev',
      version: 'v1alpha1',
      plural: 'clusterimagepolicies',
    })) as { items: unknown[] };
    assert.deepEqual(other.items, [], 'groups are separate');
  });

  it('streams ADDED, MODIFIED and DELETED events after a resourceVersion', async () => {
    const path = '/apis/policy.signet.dev/v1beta1/clusterimagepolicies';
    const list = (await custom.listClusterCustomObject({
      group: 'policy.signet.dev',
      version: 'v1beta1',
      plural: 'clusterimagepolicies',
    })) as { metadata: { resourceVersion: string } };
    const watching = collectWatch(
      config,
      path,
      { resourceVersion: list.metadata.resourceVersion },
      3,
    );
    api.apply(POLICY('two', 'b/**'));
    api.apply(POLICY('two', 'c/**'));
    api.remove('policy.signet.dev/v1beta1', 'ClusterImagePolicy', 'two');
    const { events } = await watching;
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata?.name]),
      [
        ['ADDED', 'two'],
        ['MODIFIED', 'two'],
        ['DELETED', 'two'],
      ],
    );
    assert.deepEqual((events[1]!.object.spec as { images: unknown }).images, [{ glob: 'c/**' }]);
    assert.equal(events[0]!.object.apiVersion, 'policy.signet.dev/v1beta1');
  });

  it('starts a watch without resourceVersion with the current objects', async () => {
    const { events } = await collectWatch(
      config,
      '/apis/policy.signet.dev/v1alpha1/clusterimagepolicies',
      {},
      1,
    );
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata?.name]),
      [['ADDED', 'one']],
    );
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const before = Number(
      api.get('policy.signet.dev/v1beta1', 'ClusterImagePolicy', 'one')?.metadata.resourceVersion,
    );
    api.apply(POLICY('three', 'd/**'));
    api.compact();
    const { events, ended } = await collectWatch(
      config,
      '/apis/policy.signet.dev/v1beta1/clusterimagepolicies',
      { resourceVersion: before },
      1,
    );
    assert.equal(events[0]!.type, 'ERROR');
    assert.deepEqual(
      [
        (events[0]!.object as unknown as k8s.V1Status).code,
        (events[0]!.object as unknown as k8s.V1Status).reason,
      ],
      [410, 'Expired'],
    );
    assert.equal(ended, false);
  });

  it('ends a watch after timeoutSeconds and when the server drops its watches', async () => {
    const timed = await collectWatch(
      config,
      '/apis/policy.signet.dev/v1beta1/clusterimagepolicies',
      {
        resourceVersion: api.get('policy.signet.dev/v1beta1', 'ClusterImagePolicy', 'three')!
          .metadata.resourceVersion as string,
        timeoutSeconds: 1,
      },
      1,
    );
    assert.deepEqual(timed, { events: [], ended: true });
    const dropped = collectWatch(
      config,
      '/apis/policy.sigstore.dev/v1beta1/clusterimagepolicies',
      {},
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    api.dropWatches();
    assert.deepEqual(await dropped, { events: [], ended: true });
  });

  it('answers 404 for resources it does not serve and 503 while failing', async () => {
    const unknown = await statusOf(
      custom.listClusterCustomObject({ group: 'example.com', version: 'v1', plural: 'things' }),
    );
    assert.equal(unknown.code, 404);
    api.failing = true;
    try {
      assert.equal((await statusOf(core.readNamespace({ name: 'team' }))).code, 503);
    } finally {
      api.failing = false;
    }
    assert.ok(api.requests.includes('GET /api/v1/namespaces/team'));
  });
});
