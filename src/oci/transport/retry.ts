/**
 * Retry decisions for registry requests: which failures are worth retrying, and how long to
 * wait (exponential backoff with jitter, or the registry's Retry-After, RFC 9110 section
 * 10.2.3). Time and randomness are injected so tests never really wait.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails at once instead. */
  readonly maxRetryAfterMs: number;
}

/**
 * Defaults: 3 retries spaced 0.5, 1, 2 s (plus jitter) ride out a registry restart or a
 * load balancer hiccup while keeping a failing call under ~10 s; Retry-After up to 30 s is
 * honoured because rate limits commonly reset within that.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export interface RetryEnvironment {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
}

export const realRetryEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  random: Math.random,
};

/** 429 and the 5xx statuses that signal a transient condition. 501/505 never get better. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Delay before retry number `retry` (0-based): half the exponential step plus a random half
 * ("equal jitter"), so clients that failed together do not retry together.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * Parses Retry-After: delay-seconds or an HTTP-date. Returns milliseconds from `nowMs`
 * (0 for a date in the past), or undefined when absent or malformed.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Whether to retry after failed attempt number `retry` (0-based). `retryAfterMs` is the
 * parsed Retry-After header, if any.
 */
export function decideRetry(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (retry >= policy.maxRetries) return { retry: false };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
    return { retry: true, delayMs: retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(retry, policy, random) };
}
