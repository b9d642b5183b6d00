/**
 * Verdicts remembered per (digest, compiled-policy revision), refined by the image's
 * repository (signatures are looked up beside the image) and the names of the policies
 * that applied (they already account for globs, kinds and labels): exactly what the
 * engine's verdict depends on, so a hit can never answer a different question.
 * Identical concurrent verifications are coalesced into one. Allowed verdicts live for
 * the TTL; denials only briefly, so a freshly signed image or a recovered registry is
 * seen soon (tlog-protocol-and-performance.md §5.3: cache negative results only briefly).
 */
import type { Verdict } from '../../policy/index.js';
import { LruCache } from './lru-cache.js';
import { SingleFlight } from './single-flight.js';

export interface VerdictCacheOptions {
  /** Kyverno keeps verified images 60 min, Connaisseur 30 s; 60 s bounds how long a revoked signature still admits. */
  readonly ttlMs: number;
  /** At most 10 s by default: long enough to absorb a burst of retries of the same denied pod. */
  readonly negativeTtlMs?: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

export interface VerdictKey {
  readonly revision: string;
  readonly policies: readonly string[];
  /** `registry/repository`, no tag or digest. */
  readonly repository: string;
  readonly digest: string;
}

export type VerdictSource = 'cache' | 'joined' | 'verified';

export const DEFAULT_NEGATIVE_TTL_MS = 10_000;

export class VerdictCache {
  private readonly entries: LruCache<string, Verdict>;
  private readonly flights = new SingleFlight<string, Verdict>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;

  constructor(options: VerdictCacheOptions) {
    this.entries = new LruCache({
      maxEntries: options.maxEntries,
      ...(options.now ? { now: options.now } : {}),
    });
    this.ttlMs = options.ttlMs;
    this.negativeTtlMs = Math.min(options.negativeTtlMs ?? DEFAULT_NEGATIVE_TTL_MS, options.ttlMs);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached verdict, or the one `verify` produces (shared with concurrent callers). */
  async verdict(
    key: VerdictKey,
    verify: () => Promise<Verdict>,
  ): Promise<{ verdict: Verdict; source: VerdictSource }> {
    const id = JSON.stringify([key.revision, key.digest, key.repository, key.policies]);
    const cached = this.entries.get(id);
    if (cached !== undefined) return { verdict: cached, source: 'cache' };
    const { promise, joined } = this.flights.run(id, async () => {
      const verdict = await verify();
      this.entries.set(id, verdict, verdict.allowed ? this.ttlMs : this.negativeTtlMs);
      return verdict;
    });
    return { verdict: await promise, source: joined ? 'joined' : 'verified' };
  }

  clear(): void {
    this.entries.clear();
  }
}
