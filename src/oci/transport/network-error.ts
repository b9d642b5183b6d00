/** Typed errors for requests that got no HTTP answer (timeouts, refused connections, TLS). */
import type { SignetError } from '../../core/errors.js';
import { registryError } from './errors.js';
import type { NetworkFailure } from './http.js';
import { redactUrl } from './redact.js';

export interface NetworkContext {
  readonly registry: string;
  readonly url: URL;
  readonly what: string;
  readonly timeoutMs: number;
  readonly cause: unknown;
  /** Attempts made and time spent on the request in all, retries and backoff included. */
  readonly attempts?: number;
  readonly elapsedMs?: number;
}

export function errorForNetworkFailure(
  failure: NetworkFailure,
  context: NetworkContext,
): SignetError {
  const { registry, what, timeoutMs, cause } = context;
  const details = { registry, url: redactUrl(context.url) };
  switch (failure.kind) {
    case 'timeout': {
      // Each attempt is bounded by timeoutMs, but retries multiply the wait: say both.
      const { attempts = 1, elapsedMs } = context;
      const waited =
        elapsedMs === undefined
          ? ''
          : ` (${attempts} attempt${attempts === 1 ? '' : 's'}, ${(elapsedMs / 1000).toFixed(1)} s waited in all)`;
      return registryError(
        'REGISTRY_UNAVAILABLE',
        `registry ${registry} did not answer the request for ${what} within ${timeoutMs} ms${waited}; check that it is up and reachable, or raise the timeout`,
        {
          details: {
            ...details,
            timeoutMs,
            attempts,
            ...(elapsedMs === undefined ? {} : { elapsedMs }),
          },
          temporary: true,
          cause,
        },
      );
    }
    case 'connection':
      return registryError(
        'REGISTRY_UNAVAILABLE',
        `could not reach registry ${registry} for ${what} (${failure.reason}); check the registry address and that it is running`,
        { details: { ...details, reason: failure.reason }, temporary: true, cause },
      );
    case 'tls-untrusted':
      return registryError(
        'REGISTRY_TLS',
        `the TLS certificate of registry ${registry} is not trusted (${failure.reason}); add the CA that issued it with caCertificates (--ca-file)`,
        { details: { ...details, reason: failure.reason }, cause },
      );
    case 'tls-mismatch':
      return registryError(
        'REGISTRY_TLS',
        `registry ${registry} does not speak TLS; if it really serves plain HTTP on a trusted network, list it in insecureRegistries`,
        { details: { ...details, reason: 'tls-mismatch' }, cause },
      );
  }
}

/** Connection failures worth another attempt; TLS problems will not fix themselves. */
export function isRetryableFailure(failure: NetworkFailure): boolean {
  return failure.kind === 'timeout' || failure.kind === 'connection';
}
