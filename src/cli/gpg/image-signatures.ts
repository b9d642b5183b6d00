/**
 * Fetching what is needed to judge an image's signatures: its manifest digest as
 * containers/image computes it, its lookaside signature files (split into GPG simple
 * signatures and containers-image sigstore-json entries), and, when registries.d enables
 * sigstore attachments for it, the layers of its cosign `.sig` tag.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import { withDigest } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { parseContainersSignature, type SignatureLayer } from '../../signing/cosign/index.js';
import { containersManifestDigest } from '../../signing/gpg/index.js';
import {
  readLookasideSignatures,
  useSigstoreAttachmentsFor,
} from '../../signing/lookaside/index.js';
import type { ImageSignatures } from '../../signing/policy-json/index.js';
import { fetchSignatures } from '../../signing/remote/index.js';
import type { LookasideSource } from './lookaside-source.js';

export async function manifestDigestOf(
  client: RegistryClient,
  ref: ImageReference,
): Promise<string> {
  const fetched = await client.getManifest(ref);
  return containersManifestDigest(fetched.bytes);
}

/** Throws on an unreadable store or a malformed signature file, as containers/image does. */
export async function imageSignatures(
  client: RegistryClient,
  source: LookasideSource,
  ref: ImageReference,
  digest: string,
): Promise<ImageSignatures> {
  const files = await readLookasideSignatures({
    base: source.baseFor(ref, 'read'),
    repository: ref.repository,
    digest,
  });
  const simpleSigning: Uint8Array[] = [];
  const sigstore: SignatureLayer[] = [];
  for (const [i, bytes] of files.entries()) {
    const parsed = parseContainersSignature(
      bytes,
      `lookaside signature-${i + 1} of ${ref.repository}`,
    );
    if (parsed.kind === 'simple-signing') simpleSigning.push(parsed.bytes);
    else sigstore.push(parsed.layer);
  }
  if (useSigstoreAttachmentsFor(source.config, ref)) {
    const set = await fetchSignatures(client, withDigest(ref, digest));
    sigstore.push(...(set.legacy?.layers ?? []));
  }
  return { simpleSigning, sigstore };
}
