/**
 * Tags of cosign's legacy storage (cosign specs/SIGNATURE_SPEC.md, pkg/oci/remote/remote.go):
 * `<alg>-<hex>.<suffix>` in the image's repository (or COSIGN_REPOSITORY).
 */
import { parseDigest } from '../../core/digest.js';

export type SignatureTagSuffix = 'sig' | 'att' | 'sbom';

/** `sha256:abc…` → `sha256-abc….sig`. Throws DIGEST_INVALID for anything but a digest. */
export function signatureTag(digest: string, suffix: SignatureTagSuffix = 'sig'): string {
  const { algorithm, hex } = parseDigest(digest);
  return `${algorithm}-${hex}.${suffix}`;
}
