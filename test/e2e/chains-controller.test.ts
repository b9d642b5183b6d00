// `signet serve chains` against a real kube-apiserver with Signet's copies of Tekton's
// CRDs, the embedded registry and Signet's transparency log. Runs are created and then
// finished through the status subresource, as Tekton's controller finishes them. The
// controller is a child process, killed with SIGKILL in the middle of a run and started
// again: each image ends with exactly one signature and one provenance attestation, each
// recorded once in the log, and the runs carry Chains' annotations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { decodeBase64 } from '../../src/core/base64.js';
import { runCli } from '../../src/testing/run-cli.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { freeLoopbackPort } from '../../src/testing/free-port.js';
import {
  annotationsOf,
  createFinishedRun,
  installTektonCrds,
  startChainsChild,
  startHoldingProxy,
  type ChainsChild,
  type Kind,
} from './chains-harness.js';

const NS = 'ci';
const KEY = 'k8s://signet-system/signing-key';
const PASSWORD = 'chains-e2e';
const COMMIT = 'a'.repeat(40);
const STEP_IMAGE = `gcr.io/kaniko-project/executor@sha256:${'b'.repeat(64)}`;

describe('signet serve chains signs Tekton runs', { skip: kubeClusterSkipReason() }, () => {
  let cluster: KubeCluster;
  let registry: RunningRegistry;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  let log: RunningTlogServer;
  let controllerKubeconfig: string;
  let controller: ChainsChild | undefined;
  const images: Record<string, { ref: string; digest: string }> = {};
  const previousKubeconfig = process.env['KUBECONFIG'];

  const start = () =>
    startChainsChild(
      ['--key', KEY, '--tlog-url', log.url, '--max-retries', '2', '--retry-backoff', '200ms'],
      { KUBECONFIG: controllerKubeconfig, HOME: cluster.directory },
    );
  const annotations = (kind: Kind, name: string) => annotationsOf(cluster, NS, kind, name);
  const settled = (kind: Kind, name: string) =>
    waitUntil(
      `${kind} ${name} is annotated as signed or failed`,
      () => annotations(kind, name),
      (a) => a['chains.tekton.dev/signed'] === 'true' || a['chains.tekton.dev/signed'] === 'failed',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  const treeSize = async () => {
    const answer = await fetch(`${log.url}/api/v1/log`);
    return ((await answer.json()) as { treeSize: number }).treeSize;
  };
  const cli = (args: string[]) =>
    runCli(args, { KUBECONFIG: cluster.kubeconfigPath, HOME: cluster.directory });
  /** Layers of the image's `.sig` or `.att` manifest. */
  const attachedLayers = async (name: string, suffix: 'sig' | 'att') => {
    const client = new RegistryClient();
    const { digest } = images[name]!;
    const tag = `${registry.host}/team/${name}:sha256-${digest.slice(7)}.${suffix}`;
    const manifest = JSON.parse(
      new TextDecoder().decode((await client.getManifest(parseReference(tag))).bytes),
    ) as { layers: unknown[] };
    await client.close();
    return manifest.layers.length;
  };
  const pushed = async (name: string) => {
    const client = new RegistryClient();
    const { digest } = await pushImage(
      client,
      parseReference(`${registry.host}/team/${name}:1`),
      buildImage(),
    );
    await client.close();
    // Runs name images through the proxy; the registry is the same behind it.
    images[name] = { ref: `${proxy.host}/team/${name}`, digest };
    return images[name];
  };

  before(async () => {
    cluster = await startKubeCluster();
    await installTektonCrds(cluster);
    await cluster.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'signet-system' } },
    );
    // The controller runs as the ServiceAccount of the shipped RBAC, and nothing more.
    const { readFile } = await import('node:fs/promises');
    await cluster.apply(await readFile('deploy/chains/01-rbac.yaml', 'utf8'));
    controllerKubeconfig = await cluster.serviceAccountKubeconfig('signet-system', 'signet-chains');
    process.env['KUBECONFIG'] = cluster.kubeconfigPath;
    const made = await runCli(
      ['generate-key-pair', KEY, '--output-key-prefix', `${cluster.directory}/cosign`],
      {
        KUBECONFIG: cluster.kubeconfigPath,
        HOME: cluster.directory,
        SIGNET_PASSWORD: PASSWORD,
      },
    );
    assert.equal(made.code, 0, made.stderr);
    registry = await startInMemoryRegistry();
    proxy = await startHoldingProxy(registry.host, '/team/two-b/');
    log = await startTemporaryTlogServer();
    for (const name of ['one', 'two-a', 'two-b', 'failed', 'late']) await pushed(name);
  });

  after(async () => {
    await controller?.kill();
    if (previousKubeconfig === undefined) delete process.env['KUBECONFIG'];
    else process.env['KUBECONFIG'] = previousKubeconfig;
    await proxy?.close();
    await log?.close();
    await registry?.stop();
    await cluster?.stop();
  });

  it('ships a Deployment the API server accepts, running serve chains as the RBAC account', async () => {
    const applied = await cluster.kubectl([
      'apply',
      '--dry-run=server',
      '-f',
      'deploy/chains/02-deployment.yaml',
      '-o',
      'json',
    ]);
    assert.equal(applied.code, 0, applied.stderr);
    const pod = (
      JSON.parse(applied.stdout) as {
        spec: {
          template: { spec: { serviceAccountName: string; containers: { args: string[] }[] } };
        };
      }
    ).spec.template.spec;
    assert.equal(pod.serviceAccountName, 'signet-chains');
    assert.deepEqual(pod.containers[0]!.args.slice(0, 3), ['serve', 'chains', `--key=${KEY}`]);
  });

  it('signs one image, two images via IMAGES, leaves a failed run, and signs nothing twice across a kill', async () => {
    await createFinishedRun(cluster, NS, {
      kind: 'TaskRun',
      name: 'build-one',
      params: { 'CHAINS-GIT_URL': 'https://github.com/acme/one', 'CHAINS-GIT_COMMIT': COMMIT },
      results: {
        IMAGE_URL: `${images['one']!.ref}:1`,
        IMAGE_DIGEST: images['one']!.digest,
      },
      stepImages: [STEP_IMAGE],
    });
    await createFinishedRun(cluster, NS, {
      kind: 'PipelineRun',
      name: 'build-two',
      params: { 'CHAINS-GIT_URL': 'https://github.com/acme/two', 'CHAINS-GIT_COMMIT': COMMIT },
      results: {
        IMAGES: ['two-a', 'two-b'].map((n) => `${images[n]!.ref}@${images[n]!.digest}`).join('\n'),
      },
    });
    await createFinishedRun(cluster, NS, {
      kind: 'TaskRun',
      name: 'build-failed',
      succeeded: 'False',
      results: { IMAGE_URL: images['failed']!.ref, IMAGE_DIGEST: images['failed']!.digest },
    });

    controller = await start();
    // The kill lands while two-b is being signed: two-a is done and recorded on the run.
    await waitUntil(
      'the controller reaches two-b',
      () => proxy.held(),
      (n) => n > 0,
      {
        timeoutMs: 60_000,
      },
    );
    const midway = await annotations('PipelineRun', 'build-two');
    assert.equal(midway['chains.tekton.dev/signed'], undefined);
    const progress = JSON.parse(midway['signet.dev/chains-progress'] ?? '{}') as object;
    assert.deepEqual(Object.keys(progress), [`${images['two-a']!.ref}@${images['two-a']!.digest}`]);
    await controller.kill();
    const entriesAtKill = await treeSize();
    proxy.release();

    controller = await start();
    const one = await settled('TaskRun', 'build-one');
    const two = await settled('PipelineRun', 'build-two');
    for (const a of [one, two]) {
      assert.equal(a['chains.tekton.dev/signed'], 'true');
      assert.match(a['chains.tekton.dev/transparency']!, /\/api\/v1\/log\/entries\?logIndex=\d+$/);
      const entry = await fetch(a['chains.tekton.dev/transparency']!);
      assert.equal(entry.status, 200);
    }
    // Three images, one signature and one attestation each, every one logged exactly once.
    assert.equal(await treeSize(), 6);
    assert.ok(entriesAtKill >= 2 && entriesAtKill < 6, `killed mid-way (${entriesAtKill} entries)`);
    for (const name of ['one', 'two-a', 'two-b']) {
      assert.equal(await attachedLayers(name, 'sig'), 1, `${name} signed once`);
      assert.equal(await attachedLayers(name, 'att'), 1, `${name} attested once`);
      const ref = `${registry.host}/team/${name}@${images[name]!.digest}`;
      const verified = await cli(['verify', '--key', KEY, ref]);
      assert.equal(verified.code, 0, verified.stderr);
      const attested = await cli([
        'verify-attestation',
        '--key',
        KEY,
        '--type',
        'slsaprovenance1',
        '--builder-id',
        'https://tekton.dev/chains/v2',
        '--source-uri',
        `github.com/acme/${name === 'one' ? 'one' : 'two'}`,
        '--source-digest',
        COMMIT,
        ref,
      ]);
      assert.equal(attested.code, 0, attested.stderr);
    }
    // The provenance tells the run: its step image and times.
    const envelope = JSON.parse(
      (
        await cli([
          'verify-attestation',
          '--key',
          KEY,
          '--type',
          'slsaprovenance1',
          `${registry.host}/team/one@${images['one']!.digest}`,
        ])
      ).stdout.trim(),
    ) as { payload: string };
    const statement = JSON.parse(
      new TextDecoder().decode(decodeBase64(envelope.payload, 'payload')),
    ) as {
      predicate: {
        buildDefinition: { resolvedDependencies: { uri: string }[] };
        runDetails: { metadata: { startedOn: string; finishedOn: string } };
      };
    };
    const uris = statement.predicate.buildDefinition.resolvedDependencies.map((d) => d.uri);
    assert.ok(uris.includes('oci://gcr.io/kaniko-project/executor'), uris.join());
    assert.ok(uris.includes('git+https://github.com/acme/one'), uris.join());
    assert.equal(statement.predicate.runDetails.metadata.startedOn, '2026-12-06T10:00:00Z');

    assert.deepEqual(
      Object.keys(await annotations('TaskRun', 'build-failed')).filter(
        (k) => k.startsWith('chains.tekton.dev/') || k.startsWith('signet.dev/'),
      ),
      [],
      'a failed build is left alone',
    );
    await assert.rejects(attachedLayers('failed', 'sig'));
  });

  it('refuses runs with bogus results, naming the run and the result, and keeps serving', async () => {
    const closed = await freeLoopbackPort();
    const bogus: [string, Record<string, unknown>, RegExp][] = [
      [
        'no-digest',
        { IMAGE_URL: images['late']!.ref },
        /TaskRun ci\/no-digest: result IMAGE_URL has no IMAGE_DIGEST/,
      ],
      [
        'bad-images',
        { IMAGES: 'not a reference' },
        /TaskRun ci\/bad-images: result IMAGES lists "not a reference" without @sha256/,
      ],
      [
        'bad-digest',
        { APP_IMAGE_URL: images['late']!.ref, APP_IMAGE_DIGEST: 'sha256:nothex' },
        /TaskRun ci\/bad-digest: result APP_IMAGE_URL\/APP_IMAGE_DIGEST has an invalid digest/,
      ],
      [
        'bad-artifact',
        { ARTIFACT_OUTPUTS: { uri: images['late']!.ref } },
        /TaskRun ci\/bad-artifact: result ARTIFACT_OUTPUTS must be an object with a non-empty "digest"/,
      ],
      [
        'unreachable',
        { IMAGE_URL: `127.0.0.1:${closed}/team/gone`, IMAGE_DIGEST: images['late']!.digest },
        /TaskRun ci\/unreachable: .*127\.0\.0\.1/,
      ],
    ];
    for (const [name, results] of bogus)
      await createFinishedRun(cluster, NS, { kind: 'TaskRun', name, results });
    for (const [name, , reason] of bogus) {
      const a = await settled('TaskRun', name);
      assert.equal(a['chains.tekton.dev/signed'], 'failed', name);
      assert.match(a['signet.dev/chains-failure'] ?? '', reason);
      assert.equal(a['chains.tekton.dev/transparency'], undefined);
    }
    assert.equal((await annotations('TaskRun', 'unreachable'))['chains.tekton.dev/retries'], '2');
    assert.equal((await annotations('TaskRun', 'no-digest'))['chains.tekton.dev/retries'], '0');

    // Still serving: a good run after the bogus ones is signed (via ARTIFACT_OUTPUTS).
    const before = await treeSize();
    await createFinishedRun(cluster, NS, {
      kind: 'TaskRun',
      name: 'build-late',
      results: { ARTIFACT_OUTPUTS: { uri: images['late']!.ref, digest: images['late']!.digest } },
    });
    assert.equal((await settled('TaskRun', 'build-late'))['chains.tekton.dev/signed'], 'true');
    assert.equal(await treeSize(), before + 2);
    assert.equal(controller?.process.exitCode, null, 'the controller is still running');
  });

  it('watches again after the API server restarts, and stops cleanly on SIGTERM', async () => {
    await cluster.stopApiServer();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cluster.startApiServer();
    const { ref, digest } = await pushed('after-restart');
    await createFinishedRun(cluster, NS, {
      kind: 'TaskRun',
      name: 'build-after-restart',
      results: { IMAGE_URL: ref, IMAGE_DIGEST: digest },
    });
    assert.equal(
      (await settled('TaskRun', 'build-after-restart'))['chains.tekton.dev/signed'],
      'true',
    );
    const code = await controller!.terminate();
    assert.equal(code, 0, controller!.output());
    assert.match(controller!.output(), /received SIGTERM, stopping/);
    controller = undefined;
  });
});
