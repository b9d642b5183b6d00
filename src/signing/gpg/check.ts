/**
 * The checks after cryptographic verification (containers/image signature/docker.go,
 * VerifyImageManifestSignatureUsingKeyIdentityList): the signed manifest digest must be
 * the image's, and the signed docker reference must satisfy the identity rule. Pure.
 */
import { isSignetError } from '../../core/errors.js';
import { gpgError } from './errors.js';
import {
  describeRule,
  identityMatches,
  parseNamedReference,
  type IdentityRule,
} from './identity.js';
import type { SimpleSignaturePayload } from './payload.js';

export interface SimpleSignatureExpectation {
  /**
   * The image's manifest digest as containers/image computes it: use
   * `containersManifestDigest` on the manifest bytes (schema 1 manifests differ).
   */
  readonly manifestDigest: string;
  /** The reference the image is pulled or deployed as. */
  readonly dockerReference: string;
  /** Defaults to `exact`, the rule of `skopeo standalone-verify`. */
  readonly identityRule?: IdentityRule;
  /** Names the signature in messages. */
  readonly source?: string;
}

/** Throws GPG_DIGEST_MISMATCH, GPG_PAYLOAD_INVALID or GPG_IDENTITY_MISMATCH; returns nothing. */
export function checkSimpleSignature(
  payload: SimpleSignaturePayload,
  expected: SimpleSignatureExpectation,
): void {
  const source = expected.source ?? 'GPG signature';
  // A plain comparison, as manifest.MatchesDigest: a sha512 claim never matches a sha256 image.
  if (payload.manifestDigest !== expected.manifestDigest) {
    throw gpgError(
      'GPG_DIGEST_MISMATCH',
      `${source} signs manifest ${payload.manifestDigest}, but the image's manifest is ` +
        `${expected.manifestDigest}; the signature belongs to another image or the manifest was altered`,
      { details: { signed: payload.manifestDigest, actual: expected.manifestDigest } },
    );
  }
  let signed;
  try {
    signed = parseNamedReference(payload.dockerReference);
  } catch (error) {
    if (!isSignetError(error)) throw error;
    throw gpgError(
      'GPG_PAYLOAD_INVALID',
      `${source} signs docker reference ${JSON.stringify(payload.dockerReference.slice(0, 300))}, ` +
        `which is not a valid reference (${error.message})`,
      { cause: error },
    );
  }
  const wanted = parseNamedReference(expected.dockerReference);
  const rule = expected.identityRule ?? { type: 'exact' };
  if (!identityMatches(rule, signed, wanted)) {
    throw gpgError(
      'GPG_IDENTITY_MISMATCH',
      `${source} was made for ${signed.text}, which does not match ${wanted.text} under rule ` +
        `${describeRule(rule)}; sign the image under the name it is used by, or adjust the rule`,
      { details: { signed: signed.text, expected: wanted.text, rule: rule.type } },
    );
  }
}
