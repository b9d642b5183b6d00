/**
 * Coalesces identical concurrent work: while a promise for a key is in flight, later
 * callers get the same promise instead of starting another (Kyverno #16997 shows the
 * registry fan-out and tail latency of not doing this when a new image rolls out to many
 * pods at once). The entry is dropped when the work settles, whatever its outcome.
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  get pending(): number {
    return this.inFlight.size;
  }

  /** Runs `work` unless the same key is in flight; `joined` tells the caller which happened. */
  run(key: K, work: () => Promise<V>): { promise: Promise<V>; joined: boolean } {
    const existing = this.inFlight.get(key);
    if (existing !== undefined) return { promise: existing, joined: true };
    const promise = (async () => {
      try {
        return await work();
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, promise);
    return { promise, joined: false };
  }
}
