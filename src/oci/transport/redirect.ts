/**
 * Which redirects a registry request follows. Registries send blob reads on to storage,
 * often another host (distribution spec, "Pulling blobs"); the `Location` is
 * attacker-controlled, so it must stay on HTTP(S), never fall from https to plain HTTP
 * unless the target host may be reached that way, and end within MAX_REDIRECTS hops.
 */
import { registryError } from './errors.js';
import { redactUrl } from './redact.js';

/** Registries redirect blob reads once to storage; a chain longer than this is a loop. */
export const MAX_REDIRECTS = 5;

export interface RedirectPolicy {
  /** As in ImageReference.registry; named in errors. */
  readonly registry: string;
  readonly plainHttpAllowed: (host: string) => boolean;
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Where the `count`-th redirect (from 1) leads; REGISTRY_PROTOCOL when it must not be followed. */
export function redirectTarget(
  from: URL,
  location: string,
  count: number,
  policy: RedirectPolicy,
): URL {
  let next: URL | undefined;
  try {
    next = new URL(location, from);
  } catch {
    next = undefined;
  }
  const downgrade =
    next !== undefined &&
    next.protocol === 'http:' &&
    from.protocol === 'https:' &&
    !policy.plainHttpAllowed(next.host);
  const bad = next === undefined || !/^https?:$/.test(next.protocol) || downgrade;
  if (bad || count > MAX_REDIRECTS) {
    const why =
      count > MAX_REDIRECTS ? `more than ${MAX_REDIRECTS} redirects` : 'an unsafe redirect';
    throw registryError(
      'REGISTRY_PROTOCOL',
      `registry ${policy.registry} answered with ${why}${next === undefined ? '' : ` to ${redactUrl(next)}`}; refusing to follow`,
      { details: { registry: policy.registry, url: redactUrl(from) } },
    );
  }
  return next!;
}
