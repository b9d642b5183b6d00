/**
 * Benchmark harness: runs operations in bounded loops, measures each one, and reports
 * throughput and latency percentiles. Every scenario reports its figure next to a ceiling
 * measured in the same run, so that ratios stay meaningful on a noisy or shared machine.
 */
import { performance } from 'node:perf_hooks';

export interface LoopStats {
  readonly operations: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface Measurement {
  readonly name: string;
  readonly unit: string;
  readonly subject: LoopStats;
  readonly ceiling: LoopStats;
  readonly ceilingName: string;
  readonly notes?: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  run(): Promise<Measurement[]>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/**
 * Runs `operation` `count` times with at most `concurrency` in flight, after `warmup`
 * untimed runs, and returns throughput and latency percentiles.
 */
export async function measureLoop(
  operation: (i: number) => Promise<unknown>,
  options: { count: number; concurrency?: number; warmup?: number },
): Promise<LoopStats> {
  const concurrency = options.concurrency ?? 1;
  for (let i = 0; i < (options.warmup ?? 20); i++) await operation(i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      const t0 = performance.now();
      await operation(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: options.count,
    concurrency,
    seconds: round(seconds, 3),
    perSecond: round(options.count / seconds, 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
