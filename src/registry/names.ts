/**
 * Validation of the names a client puts in request paths: repository names, tags and
 * manifest references (OCI distribution spec, "Pulling manifests"). All of it is
 * attacker-controlled and some of it becomes file names in the filesystem storage, so the
 * patterns are the spec's exact ones: they admit no `.`/`..` segment, no `%`, no `\`.
 */
import { isDigest } from '../core/digest.js';
import { DistributionError } from './distribution-error.js';

/** Spec `<name>` pattern: slash-separated components of lowercase alphanumerics and separators. */
const NAME_PATTERN =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

/** Spec `<reference>` pattern for tags: at most 128 characters, not starting with `.` or `-`. */
const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** distribution's limit on a whole repository name; the spec lets registries set one. */
export const MAX_NAME_LENGTH = 255;

export function checkRepositoryName(name: string): string {
  if (name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    throw new DistributionError('NAME_INVALID', 'invalid repository name', {
      name: name.slice(0, MAX_NAME_LENGTH),
    });
  }
  return name;
}

export function isTag(value: string): boolean {
  return TAG_PATTERN.test(value);
}

/** Throws DIGEST_INVALID unless `value` is a supported `algorithm:hex` digest. */
export function checkDigest(value: string): string {
  if (!isDigest(value)) {
    throw new DistributionError('DIGEST_INVALID', 'provided digest is not a valid digest', {
      digest: value.slice(0, 160),
    });
  }
  return value;
}

export type ManifestReference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: string };

/** A manifest path's last segment: a digest when it has a colon, else a tag. */
export function parseManifestReference(value: string): ManifestReference {
  if (value.includes(':')) return { kind: 'digest', digest: checkDigest(value) };
  if (!isTag(value)) {
    throw new DistributionError('TAG_INVALID', 'manifest tag is not valid', {
      tag: value.slice(0, 160),
    });
  }
  return { kind: 'tag', tag: value };
}
