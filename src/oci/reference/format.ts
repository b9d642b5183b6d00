/**
 * Printing references, and deriving one reference from another. The fully qualified form is
 * what Signet stores, matches and logs; the familiar form is only for people, as docker prints it.
 */
import { makeReference, type ImageReference } from './image-reference.js';
import { checkDigest, checkTag, DOCKER_HUB, OFFICIAL_PREFIX } from './parse.js';

/** `registry/repository`, for example `docker.io/library/nginx`. */
export function repositoryOf(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** `docker.io/library/nginx:1.25@sha256:…`: parses back to the same reference. */
export function formatReference(ref: ImageReference): string {
  return repositoryOf(ref) + suffixOf(ref);
}

/**
 * The short form docker prints (FamiliarString): Docker Hub loses `docker.io/`, and its
 * official images lose `library/`. Unlike docker, the registry is kept when dropping it would
 * change the meaning on re-parsing: a Docker Hub namespace that looks like a host
 * (`docker.io/foo.com/app` would read as registry `foo.com`), or a bare image ID.
 */
export function familiarReference(ref: ImageReference): string {
  if (ref.registry !== DOCKER_HUB) return formatReference(ref);
  const first = ref.repository.split('/', 1)[0] ?? '';
  if (first.includes('.') || first === 'localhost') return formatReference(ref);
  let name = ref.repository;
  if (name.startsWith(OFFICIAL_PREFIX) && !name.slice(OFFICIAL_PREFIX.length).includes('/')) {
    name = name.slice(OFFICIAL_PREFIX.length);
  }
  const suffix = suffixOf(ref);
  if (suffix === '' && /^[a-f0-9]{64}$/.test(name)) return formatReference(ref);
  return name + suffix;
}

/** The same image pinned to `digest`; the tag stays, as docker's WithDigest keeps it. */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  checkDigest(`${repositoryOf(ref)}@${digest}`, digest);
  return makeReference(ref.registry, ref.repository, ref.tag, digest);
}

/** The same repository at `tag`; any digest is dropped because it belonged to the old tag. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  checkTag(`${repositoryOf(ref)}:${tag}`, tag);
  return makeReference(ref.registry, ref.repository, tag, undefined);
}

function suffixOf(ref: ImageReference): string {
  return (
    (ref.tag === undefined ? '' : `:${ref.tag}`) +
    (ref.digest === undefined ? '' : `@${ref.digest}`)
  );
}
