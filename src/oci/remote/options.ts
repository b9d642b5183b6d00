/** Options of RegistryClient and the defaults they fall back to. */
import type { CredentialProvider } from '../credentials/index.js';
import type { RetryEnvironment, RetryPolicy } from '../transport/index.js';

export interface RegistryClientOptions {
  credentials?: CredentialProvider;
  /** Hosts reached over plain http; loopback registries are always allowed plain http. */
  insecureRegistries?: readonly string[];
  /** Extra CA bundle PEMs, added to the system CAs. */
  caCertificates?: readonly string[];
  /** Per request (connect, headers, and each gap in a body), default 30000. */
  timeoutMs?: number;
  /** On 429/5xx/network, default 3, exponential backoff with jitter, honours Retry-After. */
  maxRetries?: number;
  userAgent?: string;
  /** Backoff base/caps; defaults in transport/retry.ts. */
  retryPolicy?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Clock, sleep and randomness of retries; tests inject these so nothing really waits. */
  retryEnvironment?: Partial<RetryEnvironment>;
}

/**
 * 30 s per request: a healthy registry answers in well under a second, a loaded one in a
 * few; beyond 30 s a caller (an admission webhook has 10-30 s in total) is better told.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

export const DEFAULT_USER_AGENT = 'signet/0.1 (+registry client)';
