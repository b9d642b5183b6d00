/**
 * Image globs with policy-controller's semantics (pkg/apis/glob/glob.go), which differ from
 * shell globs and from picomatch/minimatch:
 *
 * - `*` matches any run of characters except `/` (so it crosses `:` and `@`: the tag
 *   separator is not a separator here, and `app*` matches `app:1.0` and `app@sha256:…`);
 * - `**` matches anything, `/` included;
 * - the glob is anchored at both ends; `.` is literal;
 * - only `[a-zA-Z0-9-_:/*.@]` may appear, so regex syntax can never leak in; `@` lets a glob
 *   pin a digest (`registry.example/app@sha256:*` matches any digest reference of `app`);
 * - a bare `*` means `index.docker.io/library/*` and `*∕*` means `index.docker.io/*∕*`.
 *
 * Globs are matched against the normalised name of the image (see `imageMatchName`).
 */
import type { ImageReference } from '../oci/reference/index.js';

const VALID_GLOB = /^[a-zA-Z0-9\-_:/*.@]+$/;

/** Docker Hub's registry as go-containerregistry names it, which is what globs are written against. */
export const GLOB_DOCKER_HUB = 'index.docker.io';

/** Bound on a glob: longer than any reference (1024), so only hostile input is refused. */
const MAX_GLOB_LENGTH = 1024;

export type CompiledGlob = { ok: true; regex: RegExp } | { ok: false; problem: string };

export function compileGlob(glob: string): CompiledGlob {
  let pattern = glob;
  if (pattern === '*/*') pattern = `${GLOB_DOCKER_HUB}/*/*`;
  if (pattern === '*') pattern = `${GLOB_DOCKER_HUB}/library/*`;
  if (pattern.length > MAX_GLOB_LENGTH) {
    return { ok: false, problem: `glob is longer than ${MAX_GLOB_LENGTH} characters` };
  }
  if (!VALID_GLOB.test(pattern)) {
    return {
      ok: false,
      problem:
        'glob may only contain letters, digits and "-_:/.*@"; "*" matches within one path component and "**" across components',
    };
  }
  // `**` first, through a placeholder that cannot occur in a valid glob, so the single-star
  // rewrite does not touch it.
  const source = pattern
    .replaceAll('.', '\\.')
    .replaceAll('**', '#')
    .replaceAll('*', '[^/]*')
    .replaceAll('#', '.*');
  return { ok: true, regex: new RegExp(`^${source}$`) };
}

/**
 * The string globs are matched against, as go-containerregistry's `Reference.Name()` gives
 * it: Docker Hub as `index.docker.io`, `library/` kept, and either `@digest` (a digest
 * reference drops its tag) or `:tag` (`latest` when none was written).
 */
export function imageMatchName(ref: ImageReference): string {
  const registry = ref.registry === 'docker.io' ? GLOB_DOCKER_HUB : ref.registry;
  const suffix = ref.digest !== undefined ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`;
  return `${registry}/${ref.repository}${suffix}`;
}

/** True when `regex` (from compileGlob) matches the image. */
export function globMatches(regex: RegExp, ref: ImageReference): boolean {
  return regex.test(imageMatchName(ref));
}
