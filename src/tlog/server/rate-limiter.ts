/**
 * A token bucket per client (`--write-rate`, `--write-burst`): each client may send
 * `burst` writes at once, then `ratePerSecond` on average. Buckets live in memory, so the
 * limit is per server process, as Rekor's own (per-instance) limits are.
 */

export interface RateLimiterOptions {
  /** Sustained writes per second per client; fractions allowed (0.5 = one every 2 s). */
  readonly ratePerSecond: number;
  /** Writes a client may send at once after being idle. */
  readonly burst: number;
  /**
   * Clients tracked at once. Beyond it the least recently seen client is forgotten (and
   * starts again with a full bucket): memory stays bounded whatever the number of
   * addresses an attacker sends from.
   */
  readonly maxClients?: number;
  /** Monotonic milliseconds; injectable for tests. */
  readonly now?: () => number;
}

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** 100,000 buckets take about 10 MB. */
const DEFAULT_MAX_CLIENTS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError('ratePerSecond must be a positive number');
    }
    if (!Number.isInteger(options.burst) || options.burst < 1) {
      throw new RangeError('burst must be a whole number of at least 1');
    }
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes one token from `client`'s bucket, or says how long until one is there. */
  take(client: string): RateDecision {
    const now = this.now();
    const { burst, ratePerSecond } = this.options;
    const bucket = this.buckets.get(client) ?? { tokens: burst, updatedMs: now };
    bucket.tokens = Math.min(
      burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * ratePerSecond,
    );
    bucket.updatedMs = now;
    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const seconds = (1 - bucket.tokens) / ratePerSecond;
    // Retry-After is whole seconds (RFC 9110 section 10.2.3); rounding up never invites early.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }

  /** Clients currently tracked. */
  get size(): number {
    return this.buckets.size;
  }
}
