/**
 * Bearer tokens cached per (realm, service, scopes) until shortly before they expire, so a
 * burst of requests to one repository costs one token fetch.
 */

/**
 * Tokens are dropped this long before their stated expiry: clocks drift and a request
 * takes time in flight, and a token that expires mid-request costs a 401 round trip.
 */
export const TOKEN_EXPIRY_MARGIN_MS = 10_000;

/** Default lifetime when the token server omits expires_in (token spec: 60 seconds). */
export const DEFAULT_TOKEN_LIFETIME_S = 60;

/** Bound on cached tokens: one per repository and action set in use is far below this. */
const MAX_CACHED_TOKENS = 256;

interface Entry {
  readonly token: string;
  readonly expiresAtMs: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  /** Stores a token valid for `lifetimeSeconds` (token spec: expires_in, minimum 60). */
  set(key: string, token: string, lifetimeSeconds: number | undefined): void {
    const lifetime =
      lifetimeSeconds !== undefined && Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0
        ? lifetimeSeconds
        : DEFAULT_TOKEN_LIFETIME_S;
    const expiresAtMs = this.now() + lifetime * 1000 - TOKEN_EXPIRY_MARGIN_MS;
    if (expiresAtMs <= this.now()) return; // too short-lived to be worth reusing
    this.entries.delete(key);
    this.entries.set(key, { token, expiresAtMs });
    // Map iteration is insertion order: the first key is the least recently stored.
    while (this.entries.size > MAX_CACHED_TOKENS) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
