/**
 * What Signet's validating webhook adds to a Pod create through a real API server (etcd
 * and kube-apiserver on loopback, src/testing/kube-cluster.ts). Every create is a Pod of
 * three containers, by digest, POSTed over HTTPS with a client certificate, in one of
 * four namespaces that differ only by their labels:
 *
 * - none: no webhook or policy selects it (the ceiling);
 * - signet: the shipped ValidatingWebhookConfiguration sends it to `signet serve webhook`
 *   (its own process, bundled CLI), warm: the three digests were verified once before;
 * - trivial: the same configuration sends it to a webhook on the same stack that allows
 *   everything unread: the cost of calling any webhook, which Signet's share is read against;
 * - vap: a ValidatingAdmissionPolicy checks in CEL, inside the API server, that every
 *   image starts with the allowed prefix: the cheapest check a cluster can make.
 *
 * Every configuration is installed throughout, so the API server's matching work is
 * the same in every case. The cases run interleaved in chunks (interleaved-loops.ts) so
 * load from elsewhere on a shared machine falls on all four alike; pods are deleted after
 * each chunk so etcd holds as many in every case.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInMemoryRegistry } from '../../src/testing/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import {
  DEPLOY_DIRECTORY,
  shippedWebhookConfigurations,
} from '../../src/testing/kube-cluster-webhooks.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { SERVER_NAME, getText, imageFactory } from '../../test/e2e/admission-harness.js';
import type { LoopStats, Measurement, Scenario } from '../harness.js';
import { round } from '../harness.js';
import {
  prefixAdmissionPolicy,
  startTrivialWebhook,
  startWebhookProcess,
  trivialWebhookConfiguration,
  type WebhookProcess,
} from './apiserver-admission-setup.js';
import { podClient, type PodClient } from './apiserver-pods.js';
import { interleavedLoops } from './interleaved-loops.js';

const CREATES = 200;
const WARMUP = 10;
/** Each case's creates run in 8 chunks of 25, interleaved with the other cases' chunks. */
const ROUNDS = 8;
const CONCURRENCIES = [1, 8] as const;
const VAP_LABEL = 'bench.signet.dev/vap';
const TRIVIAL_LABEL = 'bench.signet.dev/trivial';
const NAMESPACES = {
  none: {},
  signet: { 'signet.dev/include': 'true' },
  trivial: { [TRIVIAL_LABEL]: 'true' },
  vap: { [VAP_LABEL]: 'true' },
} as const;
type Case = keyof typeof NAMESPACES;

export const apiserverAdmissionScenario: Scenario = {
  name: 'apiserver-admission',
  description: `${CREATES} Pod creates (3 containers) through a real kube-apiserver: no webhook, Signet's webhook (warm), a trivial webhook, a ValidatingAdmissionPolicy`,
  async run(): Promise<Measurement[]> {
    const skip = kubeClusterSkipReason();
    if (skip !== undefined) {
      process.stderr.write(`bench: apiserver-admission skipped: ${skip}\n`);
      return [];
    }
    const cluster = await startKubeCluster();
    const registry = await startInMemoryRegistry();
    const images = await imageFactory(registry.host);
    const dir = await mkdtemp(join(tmpdir(), 'signet-bench-apiserver-'));
    const admin = await cluster.issue({
      commonName: 'signet-bench',
      organizations: ['system:masters'],
      usage: 'client',
    });
    const pods = podClient(cluster.url, cluster.caPem, admin, Math.max(...CONCURRENCIES));
    let webhooks: Webhooks | undefined;
    try {
      const digests = await Promise.all(
        ['a', 'b', 'c'].map((n) => images.push(`team/${n}`, 'v1', images.trusted)),
      );
      const signed = ['a', 'b', 'c'].map((n, i) => `${registry.host}/team/${n}@${digests[i]!}`);
      const served = await installAdmission(
        cluster,
        registry.host,
        images.trusted.publicKey.pem,
        dir,
      );
      webhooks = served;
      await untilEnforced(pods, registry.host, signed);

      // Warm: the three digests verified once, as after the first pod of a rollout.
      const first = await pods.createPod('signet', 'first', signed);
      if (first.status !== 201) throw new Error(`warming create refused: ${first.text}`);
      const counters = () => webhookCounters(served.signet, cluster.caPem);

      let created = 0;
      const create = (namespace: Case) => async () => {
        const answer = await pods.createPod(namespace, `p${(created += 1)}`, signed);
        if (answer.status !== 201)
          throw new Error(`create in ${namespace} refused: ${answer.status} ${answer.text}`);
      };
      const measurements: Measurement[] = [];
      for (const concurrency of CONCURRENCIES) {
        const before = await counters();
        const cpuBefore = await Promise.all([served.signet.cpuMs(), served.trivial.cpuMs()]);
        const stats = await interleavedLoops(
          {
            none: create('none'),
            signet: create('signet'),
            trivial: create('trivial'),
            vap: create('vap'),
          },
          {
            count: CREATES,
            rounds: ROUNDS,
            concurrency,
            warmup: WARMUP,
            afterChunk: (namespace) => pods.deletePods(namespace),
          },
        );
        const calls = webhookDelta(before, await counters(), CREATES + WARMUP);
        const [signetCpu, trivialCpu] = (
          await Promise.all([served.signet.cpuMs(), served.trivial.cpuMs()])
        ).map(
          (ms, i) => `${round((ms - cpuBefore[i]!) / (CREATES + WARMUP), 2)} ms CPU per review`,
        );
        const ceilingName = 'Pod create, no webhook or policy';
        measurements.push(
          {
            name: "Pod create, Signet's webhook (warm, 3 digests)",
            unit: 'creates/s',
            subject: stats.signet,
            ceiling: stats.none,
            ceilingName,
            notes: `${overhead(stats.signet, stats.none)}; over the trivial webhook ${overhead(stats.signet, stats.trivial, false)}; ${calls}; webhook process ${signetCpu}`,
          },
          {
            name: 'Pod create, trivial webhook (allows unread)',
            unit: 'creates/s',
            subject: stats.trivial,
            ceiling: stats.none,
            ceilingName,
            notes: `${overhead(stats.trivial, stats.none)}; webhook process ${trivialCpu}`,
          },
          {
            name: 'Pod create, ValidatingAdmissionPolicy (CEL prefix)',
            unit: 'creates/s',
            subject: stats.vap,
            ceiling: stats.none,
            ceilingName,
            notes: overhead(stats.vap, stats.none),
          },
        );
      }
      return measurements;
    } finally {
      pods.close();
      await webhooks?.signet.stop();
      await webhooks?.trivial.stop();
      await images.close();
      await registry.stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** The per-create latency `subject` adds to `base`, at the median and the 99th percentile. */
function overhead(subject: LoopStats, base: LoopStats, overNone = true): string {
  const plus = (a: number, b: number) => `${a >= b ? '+' : ''}${round(a - b, 2)}`;
  const added = `p50 ${plus(subject.p50Ms, base.p50Ms)} ms, p99 ${plus(subject.p99Ms, base.p99Ms)} ms`;
  return overNone
    ? `per create ${added} over no webhook (p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms)`
    : added;
}

interface Webhooks {
  readonly signet: WebhookProcess;
  readonly trivial: WebhookProcess;
}

/**
 * Namespaces, Signet's webhook (with the shipped RBAC, reading the API as its
 * ServiceAccount as in a cluster) behind the shipped ValidatingWebhookConfiguration, the
 * trivial webhook behind a copy of it, and the admission policy.
 */
async function installAdmission(
  cluster: KubeCluster,
  registryHost: string,
  publicKeyPem: string,
  dir: string,
): Promise<Webhooks> {
  const shipped = (name: string) => readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
  await cluster.apply(await shipped('crds/clusterimagepolicies.policy.signet.dev.yaml'));
  await cluster.apply(await shipped('00-namespace.yaml'), await shipped('01-rbac.yaml'));
  await cluster.apply(
    ...Object.entries(NAMESPACES).map(([name, labels]) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
    })),
  );
  const serving = await cluster.issue({
    commonName: 'signet-webhook',
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
    dnsNames: [SERVER_NAME],
  });
  await writeFile(join(dir, 'tls.crt'), serving.certificatePem);
  await writeFile(join(dir, 'tls.key'), serving.privateKeyPem, { mode: 0o600 });
  const policy = {
    apiVersion: 'policy.signet.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'signed-by-ci' },
    spec: {
      images: [{ glob: `${registryHost}/team/**` }],
      authorities: [{ name: 'ci-key', key: { data: publicKeyPem } }],
    },
  };
  await writeFile(join(dir, 'policy.yaml'), JSON.stringify(policy));
  const kubeconfig = await cluster.serviceAccountKubeconfig('signet-system', 'signet-webhook');
  const webhook = await startWebhookProcess(
    [
      ...['--policy', join(dir, 'policy.yaml')],
      ...['--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key')],
      ...['--listen', '127.0.0.1:0', '--database', 'none', '--kubernetes', 'cluster'],
      // Verdicts outlive the run, so every measured review is warm.
      ...['--cache-ttl', '1h', '--insecure-registry', registryHost, '--log-level', 'silent'],
    ],
    { KUBECONFIG: kubeconfig },
  );
  const trivial = await startTrivialWebhook(join(dir, 'tls.crt'), join(dir, 'tls.key'));
  const validating = (await shippedWebhookConfigurations(webhook.url, cluster.caPem)).filter(
    (c) => c.kind === 'ValidatingWebhookConfiguration',
  );
  await cluster.apply(
    ...validating,
    trivialWebhookConfiguration(validating[0]!, trivial.url, cluster.caPem, TRIVIAL_LABEL),
    ...prefixAdmissionPolicy('bench-allowed-prefix', `${registryHost}/team/`, VAP_LABEL),
  );
  return { signet: webhook, trivial };
}

/** The API server applies new admission configuration asynchronously: wait until it bites. */
async function untilEnforced(
  pods: PodClient,
  registryHost: string,
  signed: readonly string[],
): Promise<void> {
  const foreign = [`${registryHost}/elsewhere/x@sha256:${'0'.repeat(64)}`];
  await waitUntil(
    'the webhook and the admission policy enforce',
    async () => {
      const [signet, vap, trivial, ...allowed] = await Promise.all([
        pods.createPod('signet', 'probe', foreign, true),
        pods.createPod('vap', 'probe', foreign, true),
        pods.createPod('trivial', 'probe', signed, true),
        ...Object.keys(NAMESPACES).map((ns) => pods.createPod(ns, 'probe', signed, true)),
      ]);
      return {
        denied: [signet.status, vap.status],
        trivialCalled: trivial.warning.includes('trivial webhook called'),
        allowed: allowed.map((a) => a.status),
      };
    },
    (seen) =>
      seen.denied.every((status) => status !== 201) &&
      seen.trivialCalled &&
      seen.allowed.every((status) => status === 201),
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

interface WebhookCounters {
  readonly reviews: number;
  readonly secondsInSignet: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * What the webhook saw of one loop, checked against the creates sent: every create must
 * have been reviewed (the namespace selector and the warm cache did what they should).
 */
function webhookDelta(before: WebhookCounters, after: WebhookCounters, creates: number): string {
  const reviews = after.reviews - before.reviews;
  if (reviews !== creates)
    throw new Error(`the webhook answered ${reviews} reviews for ${creates} creates`);
  const meanMs = ((after.secondsInSignet - before.secondsInSignet) * 1000) / reviews;
  return `webhook: ${reviews} reviews, ${round(meanMs, 2)} ms mean from receiving a review to answering it, verdict cache ${after.hits - before.hits} hits and ${after.misses - before.misses} verifications`;
}

/** Validating reviews answered and verdict cache lookups, from the webhook's /metrics. */
async function webhookCounters(webhook: WebhookProcess, caPem: string): Promise<WebhookCounters> {
  const { text } = await getText({ url: webhook.url }, caPem, '/metrics');
  const sum = (metric: string, label: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${metric}{`) && line.includes(label))
      .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  return {
    reviews: sum('signet_admission_decisions_total', 'route="validate"'),
    secondsInSignet: sum('signet_admission_duration_seconds_sum', 'route="validate"'),
    hits: sum('signet_admission_verdict_cache_total', 'result="hit"'),
    misses: sum('signet_admission_verdict_cache_total', 'result="miss"'),
  };
}
