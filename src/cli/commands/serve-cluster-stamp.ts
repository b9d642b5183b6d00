/**
 * The decision store as a webhook in a named cluster sees it: every decision it records
 * carries the cluster's name (`--cluster-name`), so the dashboard can tell clusters apart
 * when several send to one server. Reads and closing pass through unchanged.
 */
import type { DecisionStore } from '../../records/index.js';

export function stampCluster(store: DecisionStore, cluster: string): DecisionStore {
  return {
    record: (decision) => store.record({ ...decision, cluster: decision.cluster ?? cluster }),
    query: (query) => store.query(query),
    counts: (since) => store.counts(since),
    decision: (id) => store.decision(id),
    violations: (query) => store.violations(query),
    violation: (id) => store.violation(id),
    images: (query) => store.images(query),
    policyActivity: (since, bucketMs, now) => store.policyActivity(since, bucketMs, now),
    prune: (rule, now) => store.prune(rule, now),
    close: () => store.close(),
  };
}
