/**
 * Comparing the docker reference a signature claims with the one expected, as
 * containers/image does (signature/docker.go, signature/policy_reference_match.go).
 *
 * References are compared in distribution's normalised form (`ParseNormalizedNamed`:
 * `busybox` is `docker.io/library/busybox`) but, unlike a pull, *without* adding the
 * default tag: `testing/manifest` and `testing/manifest:latest` are different identities.
 */
import { parseReference } from '../../oci/reference/index.js';

/**
 * How the signed identity must relate to the expected one. `exact` is what
 * `skopeo standalone-verify` and VerifyDockerManifestSignature do; the others are the
 * policy.json `signedIdentity` types (containers-policy.json(5)); `remapIdentity` is not
 * implemented yet.
 */
export type IdentityRule =
  | { readonly type: 'exact' }
  | { readonly type: 'matchExact' }
  | { readonly type: 'matchRepoDigestOrExact' }
  | { readonly type: 'matchRepository' }
  | { readonly type: 'exactReference'; readonly dockerReference: string }
  | { readonly type: 'exactRepository'; readonly dockerRepository: string };

/** A reference as distribution's `reference.Named` holds it. */
export interface NamedReference {
  /** `host/path`, for example `docker.io/testing/manifest`. */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
  /** Go's `String()`: name, then `:tag` if written, then `@digest` if written. */
  readonly text: string;
}

/** Parses a reference without adding a default tag; throws REFERENCE_INVALID. */
export function parseNamedReference(input: string): NamedReference {
  const parsed = parseReference(input);
  const at = input.indexOf('@');
  const nameAndTag = at === -1 ? input : input.slice(0, at);
  // The tag separator is the first ":" after the last "/" (an earlier one is a port).
  const tagWritten = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1) !== -1;
  const tag = tagWritten ? parsed.tag : undefined;
  const name = `${parsed.registry}/${parsed.repository}`;
  const text =
    name +
    (tag === undefined ? '' : `:${tag}`) +
    (parsed.digest === undefined ? '' : `@${parsed.digest}`);
  return {
    name,
    ...(tag === undefined ? {} : { tag }),
    ...(parsed.digest === undefined ? {} : { digest: parsed.digest }),
    text,
  };
}

const isNameOnly = (ref: NamedReference) => ref.tag === undefined && ref.digest === undefined;

/**
 * True when `signed` (from the signature) satisfies `rule` for an image expected as
 * `expected`. Both are parsed already; rule-specific references are parsed here and
 * throw REFERENCE_INVALID when the rule itself is malformed.
 */
export function identityMatches(
  rule: IdentityRule,
  signed: NamedReference,
  expected: NamedReference,
): boolean {
  switch (rule.type) {
    case 'exact':
      return signed.text === expected.text;
    case 'matchExact':
      return !isNameOnly(signed) && !isNameOnly(expected) && signed.text === expected.text;
    case 'matchRepoDigestOrExact':
      if (isNameOnly(signed)) return false;
      if (expected.tag !== undefined) return signed.text === expected.text;
      return expected.digest !== undefined && signed.name === expected.name;
    case 'matchRepository':
      return signed.name === expected.name;
    case 'exactReference': {
      const wanted = parseNamedReference(rule.dockerReference);
      return !isNameOnly(wanted) && !isNameOnly(signed) && signed.text === wanted.text;
    }
    case 'exactRepository':
      return signed.name === parseNamedReference(rule.dockerRepository).name;
  }
}

export function describeRule(rule: IdentityRule): string {
  switch (rule.type) {
    case 'exactReference':
      return `exactReference ${rule.dockerReference}`;
    case 'exactRepository':
      return `exactRepository ${rule.dockerRepository}`;
    default:
      return rule.type;
  }
}
