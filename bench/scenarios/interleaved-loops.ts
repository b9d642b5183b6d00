/**
 * Measures cases that are compared with each other on a shared machine: each case's
 * operations run in chunks, taken round-robin across the cases with the order rotated
 * every round, so a burst of load from elsewhere slows every case alike instead of only
 * whichever happened to be running. Each chunk is a harness loop; latencies are pooled
 * per case into one LoopStats.
 */
import type { LoopStats } from '../harness.js';
import { measureLoop, round } from '../harness.js';

export interface InterleavedOptions<K extends string> {
  /** Operations measured per case, spread over `rounds` chunks. */
  readonly count: number;
  readonly rounds: number;
  readonly concurrency: number;
  /** Untimed operations per case before the first round. */
  readonly warmup: number;
  /** Runs untimed after each chunk of a case (clean-up that keeps the cases alike). */
  readonly afterChunk?: (name: K) => Promise<void>;
}

export async function interleavedLoops<K extends string>(
  cases: Readonly<Record<K, () => Promise<unknown>>>,
  options: InterleavedOptions<K>,
): Promise<Record<K, LoopStats>> {
  const names = Object.keys(cases) as K[];
  const latencies = new Map<K, number[]>(names.map((n) => [n, []]));
  const seconds = new Map<K, number>(names.map((n) => [n, 0]));
  for (const name of names) for (let i = 0; i < options.warmup; i++) await cases[name]();
  const chunk = Math.ceil(options.count / options.rounds);
  for (let r = 0; r < options.rounds; r++) {
    const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const name of order) {
      const size = Math.min(chunk, options.count - r * chunk);
      if (size <= 0) continue;
      const timed = async () => {
        const started = performance.now();
        await cases[name]();
        latencies.get(name)!.push(performance.now() - started);
      };
      const stats = await measureLoop(timed, {
        count: size,
        concurrency: options.concurrency,
        warmup: 0,
      });
      seconds.set(name, seconds.get(name)! + stats.seconds);
      await options.afterChunk?.(name);
    }
  }
  const result = {} as Record<K, LoopStats>;
  for (const name of names) {
    const sorted = latencies.get(name)!.sort((a, b) => a - b);
    const total = seconds.get(name)!;
    result[name] = {
      operations: sorted.length,
      concurrency: options.concurrency,
      seconds: round(total, 3),
      perSecond: round(sorted.length / total, 1),
      p50Ms: round(nearestRank(sorted, 50), 3),
      p99Ms: round(nearestRank(sorted, 99), 3),
    };
  }
  return result;
}

/** The harness's percentile definition (nearest rank), over pooled latencies. */
function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}
