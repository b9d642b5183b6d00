/**
 * `--replace` (cosign attest --replace): before a new attestation is appended, the `.att`
 * layers of the same predicate type are dropped. The type is read from the layer's
 * `predicateType` annotation, which cosign writes on every `.att` layer; a layer without
 * it is kept, since nothing unsigned can prove it is of that type. Like every `.att`
 * rewrite this is a read-modify-write without compare-and-swap (see write-signature.ts).
 */
import { MediaType } from '../../oci/manifest/index.js';
import type { ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { readSignatureManifest, type SignatureManifestJson } from '../remote/index.js';

/** Returns how many layers were removed. */
export async function removeAttestationLayers(
  client: RegistryClient,
  tagRef: ImageReference,
  predicateType: string,
): Promise<number> {
  const current = await readSignatureManifest(client, tagRef);
  if (current === undefined) return 0;
  const kept = current.manifest.layers.filter(
    (layer) => layer.annotations?.['predicateType'] !== predicateType,
  );
  const removed = current.manifest.layers.length - kept.length;
  if (removed === 0) return 0;
  const next: SignatureManifestJson = { ...current.manifest, layers: kept };
  const mediaType = typeof next.mediaType === 'string' ? next.mediaType : MediaType.OciManifest;
  await client.putManifest(tagRef, new TextEncoder().encode(JSON.stringify(next)), mediaType);
  return removed;
}
