/**
 * Prometheus metrics of the webhook, on a registry of its own (not prom-client's global
 * one) so several servers in one process, as in tests, do not collide.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DecisionObserver } from '../decide/index.js';

export type DecisionRoute = 'validate' | 'mutate' | 'gatekeeper';
export type DecisionOutcomeLabel = 'allowed' | 'denied' | 'warned' | 'skipped' | 'malformed';

export interface AdmissionMetrics {
  readonly registry: Registry;
  readonly decisions: Counter<'route' | 'outcome'>;
  readonly latency: Histogram<'route'>;
  readonly cache: Counter<'result'>;
  readonly registryCalls: Counter<'operation'>;
  readonly deadlines: Counter<'route'>;
  readonly recordFailures: Counter;
  /** Feeds the decider's events into the counters above. */
  readonly observer: DecisionObserver;
}

/**
 * Buckets from 5 ms (a warm cache hit) to 30 s (the longest webhook timeout Kubernetes
 * allows), dense around the 1-2 s a cold verification costs (tlog-protocol §5.3).
 */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 30];

export function createAdmissionMetrics(): AdmissionMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'signet_webhook_' });
  const decisions = new Counter({
    name: 'signet_admission_decisions_total',
    help: 'Admission decisions by route and outcome.',
    labelNames: ['route', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'signet_admission_duration_seconds',
    help: 'Time from receiving a review to answering it.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const cache = new Counter({
    name: 'signet_admission_verdict_cache_total',
    help: 'Verdict lookups: hit (cached), joined (coalesced with one in flight), miss (verified).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const registryCalls = new Counter({
    name: 'signet_admission_registry_calls_total',
    help: 'Registry requests made for admission, by operation (resolve, manifest, blob).',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const deadlines = new Counter({
    name: 'signet_admission_deadline_exceeded_total',
    help: 'Reviews answered by the deadline (denied, fail closed) before verification finished.',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const recordFailures = new Counter({
    name: 'signet_admission_record_failures_total',
    help: 'Decisions that could not be written to the records database.',
    registers: [registry],
  });
  const observer: DecisionObserver = {
    registryCall: (operation) => registryCalls.inc({ operation }),
    verdict: (source) =>
      cache.inc({ result: source === 'cache' ? 'hit' : source === 'joined' ? 'joined' : 'miss' }),
  };
  return {
    registry,
    decisions,
    latency,
    cache,
    registryCalls,
    deadlines,
    recordFailures,
    observer,
  };
}

/** The sum of a counter over all its label values, for tests and the benchmark. */
export async function counterTotal(counter: Counter<string>): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}
