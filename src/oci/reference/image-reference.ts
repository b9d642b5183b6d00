/**
 * The parsed, normalised form of an image reference, shared by every part of Signet that
 * names an image (registry client, signature storage, policy matching, admission).
 */

export interface ImageReference {
  /** Normalised `host[:port]`, lowercase; `docker.io` for Docker Hub. */
  readonly registry: string;
  /** Path inside the registry: `library/nginx`, `team/app`. */
  readonly repository: string;
  /** Absent when only a digest was given. */
  readonly tag?: string;
  /** `sha256:<hex>` or `sha512:<hex>`. */
  readonly digest?: string;
}

/**
 * Builds a frozen reference without keys for absent parts, so that references compare equal
 * with deepStrictEqual whether they were parsed or built by hand. Callers have validated the parts.
 */
export function makeReference(
  registry: string,
  repository: string,
  tag: string | undefined,
  digest: string | undefined,
): ImageReference {
  return Object.freeze({
    registry,
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  });
}
