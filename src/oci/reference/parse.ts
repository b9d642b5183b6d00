/**
 * Parses image references the way docker and containerd do (distribution/reference,
 * `ParseNormalizedNamed` followed by `TagNameOnly`), so that Signet decides about exactly the
 * image the container runtime will pull. References are attacker-controlled in admission: the
 * input is bounded before any pattern runs, and every rejection names the input and the part.
 */
import { parseDigest } from '../../core/digest.js';
import { describeError } from '../../core/errors.js';
import { invalidReference } from './errors.js';
import { digestProblem, pathComponentProblem, registryProblem, tagProblem } from './grammar.js';
import { makeReference, type ImageReference } from './image-reference.js';

/** Docker Hub's canonical name; `index.docker.io` is its legacy alias (normalize.go). */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_LEGACY = 'index.docker.io';
/** Namespace of Docker Hub's official images: `nginx` means `docker.io/library/nginx`. */
export const OFFICIAL_PREFIX = 'library/';
/** Docker's tag when a reference names neither a tag nor a digest. */
export const DEFAULT_TAG = 'latest';

/**
 * Registry, "/" and path together are at most 255 characters: the limit of
 * distribution/reference, which the OCI distribution spec notes many clients apply to the
 * host-qualified name.
 */
export const NAME_MAX_LENGTH = 255;

/**
 * No valid reference is longer: a 255-character name, ":" and a 128-character tag, "@" and
 * a sha512 digest (135 characters) come to 520. The margin keeps messages about the real
 * problem for near misses while refusing to scan megabytes of hostile input.
 */
const INPUT_MAX_LENGTH = 1024;

/** A bare 64-hex string is an image ID, which docker refuses to read as a repository name. */
const IMAGE_ID = /^[a-f0-9]{64}$/;

export function parseReference(input: string): ImageReference {
  if (typeof input !== 'string') {
    throw invalidReference(String(input), `a reference must be a string, not ${typeof input}`);
  }
  if (input === '') throw invalidReference(input, 'the reference is empty');
  if (input.length > INPUT_MAX_LENGTH) {
    throw invalidReference(
      input,
      `it has ${input.length} characters; no valid reference has more than ${INPUT_MAX_LENGTH}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw invalidReference(input, 'a reference has no URL scheme: remove the "scheme://" prefix');
  }
  if (IMAGE_ID.test(input)) {
    throw invalidReference(
      input,
      'a 64-character hex string is an image ID, not a repository name; write <repository>@sha256:<hex>',
    );
  }

  const at = input.indexOf('@');
  const nameAndTag = at === -1 ? input : input.slice(0, at);
  const digestText = at === -1 ? undefined : input.slice(at + 1);
  // The tag separator is the first ":" after the last "/": an earlier one belongs to a port.
  const tagColon = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1);
  const name = tagColon === -1 ? nameAndTag : nameAndTag.slice(0, tagColon);
  const tag = tagColon === -1 ? undefined : nameAndTag.slice(tagColon + 1);

  const { registry, repository } = parseName(input, name);
  if (tag !== undefined) checkTag(input, tag);
  if (digestText !== undefined) checkDigest(input, digestText);
  return makeReference(
    registry,
    repository,
    tag ?? (digestText === undefined ? DEFAULT_TAG : undefined),
    digestText,
  );
}

/**
 * Splits a name into registry and repository with docker's rule (normalize.go,
 * splitDockerDomain): the first component is a registry when it contains "." or ":" or is
 * "localhost"; otherwise the name is on Docker Hub, where one-component names get "library/".
 *
 * Docker also takes a first component with upper-case letters ("Foo/bar") as a registry host,
 * since repository paths cannot have them. Signet rejects that instead: distribution marks the
 * case as a FIXME, such a host cannot be written in the lowercase form Signet normalises
 * registries to without turning into a Docker Hub namespace, and the usual cause is a typo.
 */
function parseName(input: string, name: string): { registry: string; repository: string } {
  if (name === '') throw invalidReference(input, 'the repository name is missing');
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const firstLower = first.toLowerCase();
  const isHost = first.includes('.') || first.includes(':') || firstLower === 'localhost';
  if (slash !== -1 && !isHost && first !== firstLower) {
    throw invalidReference(
      input,
      `repository name must be lowercase (${JSON.stringify(first)} has uppercase letters; ` +
        'a registry host needs a "." or a ":port", or must be localhost)',
    );
  }

  let registry = DOCKER_HUB;
  let path = name;
  if (isHost) {
    const problem = registryProblem(firstLower);
    if (problem !== undefined) throw invalidReference(input, problem);
    registry = firstLower === DOCKER_HUB_LEGACY ? DOCKER_HUB : firstLower;
    path = name.slice(slash + 1);
  }
  for (const component of path.split('/')) {
    const problem = pathComponentProblem(component);
    if (problem !== undefined) throw invalidReference(input, problem);
  }
  if (registry === DOCKER_HUB && !path.includes('/')) path = OFFICIAL_PREFIX + path;

  const fullName = `${registry}/${path}`;
  if (fullName.length > NAME_MAX_LENGTH) {
    throw invalidReference(
      input,
      `name ${JSON.stringify(fullName.slice(0, 60) + '…')} has ${fullName.length} characters ` +
        `with its registry, at most ${NAME_MAX_LENGTH}`,
    );
  }
  return { registry, repository: path };
}

/** Throws unless `digest` is valid; core's parseDigest has the final word on algorithm and length. */
export function checkDigest(input: string, digest: string): void {
  const problem = digestProblem(digest);
  if (problem !== undefined) throw invalidReference(input, problem);
  try {
    parseDigest(digest);
  } catch (error) {
    throw invalidReference(input, `digest is not valid: ${describeError(error)}`);
  }
}

/** Throws unless `tag` is a valid tag. */
export function checkTag(input: string, tag: string): void {
  const problem = tagProblem(tag);
  if (problem !== undefined) throw invalidReference(input, problem);
}
