/**
 * Maps a request path to a distribution-spec endpoint (spec, "Endpoints" table). The raw
 * path is matched without percent-decoding or dot-segment removal, so `%2e%2e` or `..`
 * never turn into something the name pattern accepts. Repository names may contain
 * `manifests` or `blobs` as components; the greedy name group takes the last match.
 */
import { checkRepositoryName } from './names.js';

export type Route =
  | { readonly kind: 'ping' }
  | { readonly kind: 'manifest'; readonly name: string; readonly reference: string }
  | { readonly kind: 'blob'; readonly name: string; readonly digest: string }
  | { readonly kind: 'upload-start'; readonly name: string }
  | { readonly kind: 'upload'; readonly name: string; readonly id: string }
  | { readonly kind: 'tags'; readonly name: string }
  | { readonly kind: 'referrers'; readonly name: string; readonly digest: string }
  | { readonly kind: 'unknown' };

const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^\/v2\/?$/, () => ({ kind: 'ping' })],
  [
    /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    (m) => ({ kind: 'manifest', name: m[1]!, reference: m[2]! }),
  ],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: 'upload-start', name: m[1]! })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: 'upload', name: m[1]!, id: m[2]! })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1]!, digest: m[2]! })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ kind: 'tags', name: m[1]! })],
  [/^\/v2\/(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: 'referrers', name: m[1]!, digest: m[2]! })],
];

/** Longest path we look at; real ones are far shorter (names are at most 255 characters). */
const MAX_PATH_LENGTH = 1024;

/** Matches `path`; throws NAME_INVALID when the endpoint is known but the name is not valid. */
export function matchRoute(path: string): Route {
  if (path.length > MAX_PATH_LENGTH) return { kind: 'unknown' };
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(path);
    if (match === null) continue;
    const route = build(match);
    if ('name' in route) checkRepositoryName(route.name);
    return route;
  }
  return { kind: 'unknown' };
}
