/**
 * The first step of the pipeline shared by `signet policy test`, `signet check` and the
 * webhook's security judgement: an image reference resolved to the digest its tag names
 * now, and the reference pinned by that digest, so that every later read (evidence,
 * configuration, attachments) is of the same bytes. A reference that already names a
 * digest is still resolved: the registry must hold it.
 */
import { withDigest, type ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';

export interface ResolvedImage {
  readonly digest: string;
  readonly pinned: ImageReference & { readonly digest: string };
}

export async function resolveImage(
  client: RegistryClient,
  ref: ImageReference,
): Promise<ResolvedImage> {
  const digest = await client.resolveDigest(ref);
  return { digest, pinned: withDigest(ref, digest) as ImageReference & { digest: string } };
}
