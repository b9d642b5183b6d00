/** Content addressing of manifests: a manifest's digest is the digest of its exact bytes. */
import { digestOf } from '../../core/digest.js';
import type { Descriptor } from './types.js';

/** sha256 of the bytes as served or pushed; never of a re-serialised form. */
export function manifestDigest(bytes: Uint8Array): string {
  return digestOf(bytes);
}

/** The descriptor that points at these manifest bytes. */
export function manifestDescriptor(
  bytes: Uint8Array,
  mediaType: string,
  artifactType?: string,
): Descriptor {
  return {
    mediaType,
    digest: manifestDigest(bytes),
    size: bytes.byteLength,
    ...(artifactType === undefined ? {} : { artifactType }),
  };
}
