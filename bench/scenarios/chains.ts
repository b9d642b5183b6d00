/**
 * Runs handled per second by the pipeline-run signing controller (`signet serve chains`):
 * finished TaskRuns declaring one image each are waiting in a real kube-apiserver; the
 * controller lists them, reads each afresh, signs and attests its image (both recorded
 * in Signet's log, pushed to the embedded registry) and annotates the run. The ceiling is
 * the signing work alone: sign-and-record then attest-and-record of the same provenance
 * for as many images, with no API server, in the same run. The gap is what watching,
 * reading and annotating runs costs.
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { ChainsController, kubernetesRunApi, SIGNED, type RunApi } from '../../src/chains/index.js';
import { runProvenance, signRunImage } from '../../src/chains/sign-run.js';
import { readRun } from '../../src/chains/run-object.js';
import { generateKeyPair } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, type ImageReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { openLogWriter } from '../../src/signing/sign/transparency-log.js';
import { startInMemoryRegistry } from '../../src/testing/index.js';
import { startKubeCluster } from '../../src/testing/kube-cluster.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import { createFinishedRun, installTektonCrds } from '../../test/e2e/chains-harness.js';
import { measureLoop, round, type LoopStats, type Measurement, type Scenario } from '../harness.js';

const RUNS = 40;

export const chainsScenario: Scenario = {
  name: 'chains',
  description: `signet serve chains: ${RUNS} finished TaskRuns of one image each, real kube-apiserver, embedded registry, Signet's log`,
  async run(): Promise<Measurement[]> {
    const cluster = await startKubeCluster();
    const registry = await startInMemoryRegistry();
    const log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 2 } });
    const client = new RegistryClient();
    const writer = openLogWriter(log.url);
    try {
      await installTektonCrds(cluster);
      await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
      const key = await generateKeyPair('ecdsa-p256');
      const signer = { key, registry: client, log: writer, logUrl: log.url };
      const image = async (name: string) => {
        const ref = parseReference(`${registry.host}/bench/${name}:1`);
        const { digest } = await pushImage(client, ref, buildImage({ layers: 1, layerBytes: 256 }));
        return { ...ref, digest } as ImageReference & { digest: string };
      };

      // Ceiling: the same signing work on as many images, no Kubernetes involved.
      const direct = await Promise.all(
        Array.from({ length: RUNS + 4 }, (_, i) => image(`direct${i}`)),
      );
      const predicate = runProvenance(
        readRun({ metadata: { namespace: 'bench', name: 'r', uid: 'u' } }, 'TaskRun'),
      );
      const ceiling = await measureLoop((i) => signRunImage(signer, direct[i]!, predicate), {
        count: RUNS,
        warmup: 4,
      });

      for (let i = 0; i < RUNS; i++) {
        const { registry: host, repository, digest } = await image(`run${i}`);
        await createFinishedRun(cluster, 'bench', {
          kind: 'TaskRun',
          name: `run-${i}`,
          results: { IMAGE_URL: `${host}/${repository}`, IMAGE_DIGEST: digest },
        });
      }
      const api = await kubernetesRunApi({ kubeconfigFile: cluster.kubeconfigPath });
      const finished: number[] = [];
      const timed: RunApi = {
        ...api,
        async annotate(kind, namespace, name, annotations) {
          await api.annotate(kind, namespace, name, annotations);
          if (annotations[SIGNED] === 'true') finished.push(performance.now());
        },
      };
      const controller = new ChainsController({
        api: timed,
        signer,
        logger: pino({ level: 'silent' }),
        kinds: ['TaskRun'],
      });
      const started = performance.now();
      controller.start();
      while (finished.length < RUNS) await new Promise((resolve) => setTimeout(resolve, 20));
      await controller.close();
      return [
        {
          name: 'runs handled by signet serve chains (sign + attest + 2 annotations per run)',
          unit: 'runs/s',
          subject: completionStats(started, finished),
          ceiling,
          ceilingName: 'sign-and-record + attest-and-record per image, no API server',
        },
      ];
    } finally {
      await writer.close();
      await client.close();
      await log.close();
      await registry.stop();
      await cluster.stop();
    }
  },
};

/** Throughput from start to the last run, latencies as the gaps between completions. */
function completionStats(started: number, finished: readonly number[]): LoopStats {
  const seconds = (finished[finished.length - 1]! - started) / 1000;
  const gaps = finished
    .map((t, i) => t - (i === 0 ? started : finished[i - 1]!))
    .sort((a, b) => a - b);
  const at = (p: number) =>
    gaps[Math.min(gaps.length - 1, Math.ceil((p / 100) * gaps.length) - 1)]!;
  return {
    operations: finished.length,
    concurrency: 1,
    seconds: round(seconds, 3),
    perSecond: round(finished.length / seconds, 1),
    p50Ms: round(at(50), 3),
    p99Ms: round(at(99), 3),
  };
}
