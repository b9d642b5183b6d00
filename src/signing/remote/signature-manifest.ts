/**
 * The legacy `.sig` manifest (cosign specs/SIGNATURE_SPEC.md): an OCI image manifest whose
 * config is go-containerregistry's empty image config `{}` and whose layers are the
 * signatures, one per signing. Pure: builds and merges manifests, never talks.
 */
import { digestOf } from '../../core/digest.js';
import { MediaType, type Descriptor } from '../../oci/manifest/index.js';
import { CosignAnnotation } from '../cosign/index.js';
import { MAX_SIGNATURE_LAYERS } from '../verify/index.js';

/** `{}`: cosign's config blob for signature manifests and for bundle referrers alike. */
export const EMPTY_JSON = new TextEncoder().encode('{}');

/** The manifest as JSON, so that fields Signet does not model survive a rewrite. */
export type SignatureManifestJson = Record<string, unknown> & { layers: Descriptor[] };

export function emptySignatureManifest(): SignatureManifestJson {
  return {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: {
      mediaType: MediaType.OciConfig,
      size: EMPTY_JSON.length,
      digest: digestOf(EMPTY_JSON),
    },
    layers: [],
  };
}

/** Field order of go-containerregistry's Descriptor (mediaType, size, digest, annotations). */
export function signatureLayerDescriptor(
  mediaType: string,
  payload: Uint8Array,
  annotations: Readonly<Record<string, string>>,
): Descriptor {
  return {
    mediaType,
    size: payload.length,
    digest: digestOf(payload),
    annotations: { ...annotations },
  };
}

/**
 * The same signature: same payload and same signature annotation. Re-signing with the same
 * ECDSA key makes a new (randomised) signature, which is a new layer, as with cosign.
 */
export function sameSignature(a: Descriptor, b: Descriptor): boolean {
  return (
    a.digest === b.digest &&
    a.mediaType === b.mediaType &&
    a.annotations?.[CosignAnnotation.Signature] === b.annotations?.[CosignAnnotation.Signature]
  );
}

export function hasLayer(manifest: SignatureManifestJson | undefined, layer: Descriptor): boolean {
  return manifest?.layers.some((l) => sameSignature(l, layer)) ?? false;
}

/** `manifest` (or a new one) with `layer` appended; existing layers are kept as they are. */
export function withLayer(
  manifest: SignatureManifestJson | undefined,
  layer: Descriptor,
): SignatureManifestJson | 'full' {
  const base = manifest ?? emptySignatureManifest();
  if (base.layers.length >= MAX_SIGNATURE_LAYERS) return 'full';
  return { ...base, layers: [...base.layers, layer] };
}

/** Reads the layers array of fetched manifest bytes without dropping unknown fields. */
export function signatureManifestFromBytes(bytes: Uint8Array): SignatureManifestJson {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const layers = Array.isArray(doc.layers) ? (doc.layers as Descriptor[]) : [];
  return { ...doc, layers };
}
