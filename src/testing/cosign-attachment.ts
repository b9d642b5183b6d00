/**
 * Test-only: pushes cosign's `sha256-<hex>.<suffix>` attachment manifest holding the given
 * layers, as cosign does, so tests can lay out any number and mix of signature layers.
 */
import { digestOf } from '../core/digest.js';
import { MediaType } from '../oci/manifest/index.js';
import { parseReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import type { SignatureLayer } from '../signing/cosign/signature-layer.js';

export interface AttachmentLayer {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly annotations: Record<string, string>;
}

/** A cosign signature layer (its payload the layer's bytes) as an attachment layer. */
export const signatureAttachment = (layer: SignatureLayer): AttachmentLayer => ({
  mediaType: layer.mediaType,
  bytes: layer.payload,
  annotations: { ...layer.annotations },
});

/** `repo` is `host/path` of the image; `digest` its manifest digest. */
export async function pushCosignAttachment(
  client: RegistryClient,
  repo: string,
  digest: string,
  suffix: 'sig' | 'att' | 'sbom',
  layers: readonly AttachmentLayer[],
): Promise<void> {
  const ref = parseReference(`${repo}:sha256-${digest.slice(7)}.${suffix}`);
  const config = new TextEncoder().encode('{}');
  await client.putBlob(ref, config);
  for (const layer of layers) await client.putBlob(ref, layer.bytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, size: config.length, digest: digestOf(config) },
    layers: layers.map((l) => ({
      mediaType: l.mediaType,
      size: l.bytes.length,
      digest: digestOf(l.bytes),
      annotations: l.annotations,
    })),
  };
  await client.putManifest(
    ref,
    new TextEncoder().encode(JSON.stringify(manifest)),
    MediaType.OciManifest,
  );
}
