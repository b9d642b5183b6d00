/**
 * `signedIdentity` evaluation (containers/image signature/policy_reference_match.go): does
 * the docker reference a signature claims satisfy the rule for the image being checked?
 * The five plain kinds are the GPG module's identity rules; `remapIdentity` is added here:
 * when the image's reference starts with `prefix` (at a `/`, `:` or `@` boundary), that
 * prefix is replaced by `signedPrefix` and the result is compared as
 * matchRepoDigestOrExact. Pure; a malformed claimed reference never matches.
 */
import { isSignetError } from '../../core/errors.js';
import { identityMatches, parseNamedReference, type NamedReference } from '../gpg/index.js';
import type { SignedIdentity } from './types.js';

/** `image` is the reference the image is checked as, with its tag or digest (`host/repo:tag`). */
export function signedIdentityMatches(
  identity: SignedIdentity,
  claimed: string,
  image: string,
): boolean {
  const signed = parseOrUndefined(claimed);
  const intended = parseOrUndefined(image);
  if (signed === undefined || intended === undefined) return false;
  if (identity.type !== 'remapIdentity') return identityMatches(identity, signed, intended);
  const remapped = remapReference(intended, identity.prefix, identity.signedPrefix);
  return (
    remapped !== undefined && identityMatches({ type: 'matchRepoDigestOrExact' }, signed, remapped)
  );
}

/**
 * The image reference with `prefix` replaced, unchanged when the prefix does not apply, or
 * undefined when the rewritten text is not a canonical reference (Go's reference.ParseNamed
 * refuses `busybox:1` for `docker.io/library/busybox:1`, so such a remap matches nothing).
 */
export function remapReference(
  intended: NamedReference,
  prefix: string,
  signedPrefix: string,
): NamedReference | undefined {
  if (!matchesPrefix(intended.text, prefix)) return intended;
  const rewritten = signedPrefix + intended.text.slice(prefix.length);
  const parsed = parseOrUndefined(rewritten);
  return parsed?.text === rewritten ? parsed : undefined;
}

/**
 * containers/image refMatchesPrefix: equal, or longer with the next character one of
 * `:`, `/`, `@`. (It lets `example.com:5000` match the prefix `example.com`; kept as is.)
 */
function matchesPrefix(reference: string, prefix: string): boolean {
  if (reference.length < prefix.length || !reference.startsWith(prefix)) return false;
  if (reference.length === prefix.length) return true;
  return [':', '/', '@'].includes(reference[prefix.length]!);
}

function parseOrUndefined(text: string): NamedReference | undefined {
  try {
    return parseNamedReference(text);
  } catch (error) {
    if (isSignetError(error)) return undefined;
    throw error;
  }
}
