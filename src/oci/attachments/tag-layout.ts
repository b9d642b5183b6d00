/**
 * cosign's legacy attachment tags: `<alg>-<hex>.sig`, `.att` and `.sbom` in the image's
 * repository (cosign SIGNATURE_SPEC.md). Each tag holds one manifest whose layers are the
 * individual signatures, attestations or SBOMs.
 */
import { parseDigest } from '../../core/digest.js';
import type { AttachmentKind } from './classify.js';

export type TagSuffix = 'sig' | 'att' | 'sbom';

export const TAG_SUFFIXES: Readonly<Record<TagSuffix, AttachmentKind>> = {
  sig: 'signature',
  att: 'attestation',
  sbom: 'sbom',
};

/** The tag cosign uses for `digest`'s attachments of one kind: `sha256-<hex>.sig`. */
export function attachmentTag(digest: string, suffix: TagSuffix): string {
  const { algorithm, hex } = parseDigest(digest);
  return `${algorithm}-${hex}.${suffix}`;
}
