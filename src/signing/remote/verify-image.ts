/**
 * Fetch, then decide: resolves the image to its digest (a tag is never trusted past this
 * point), reads its signatures in both layouts and hands them to the pure verifier.
 * A missing image raises REGISTRY_NOT_FOUND (exit 11), registry failures their own codes.
 */
import {
  formatReference,
  repositoryOf,
  withDigest,
  type ImageReference,
} from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { fetchSignatures, type FetchSignaturesOptions } from './fetch-signatures.js';
import type { ImageVerification, ImageVerifier } from './image-verifier.js';
import type { SignatureSet } from './signature-set.js';

export interface VerifyImageOptions extends FetchSignaturesOptions {
  /** Require the legacy payload's docker-reference to name the image's repository (cosign ignores it). */
  readonly checkReference?: boolean;
}

export interface VerifiedImage {
  /** The reference as given, fully qualified. */
  readonly reference: string;
  readonly digest: string;
  /** True when `reference` had no digest and was resolved through its tag. */
  readonly resolved: boolean;
  readonly signatures: SignatureSet;
  readonly result: ImageVerification;
}

export async function verifyImage(
  client: RegistryClient,
  ref: ImageReference,
  verifier: ImageVerifier,
  options: VerifyImageOptions = {},
): Promise<VerifiedImage> {
  const digest = await client.resolveDigest(ref);
  const signatures = await fetchSignatures(client, withDigest(ref, digest), options);
  const result = verifier.verify(
    signatures,
    options.checkReference === true ? { dockerReference: repositoryOf(ref) } : {},
  );
  return {
    reference: formatReference(ref),
    digest,
    resolved: ref.digest === undefined,
    signatures,
    result,
  };
}
