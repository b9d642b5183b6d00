/**
 * Tells what an artifact attached to an image is: a signature, an attestation, an SBOM
 * or something else, from its artifact type, media types and annotations. Covers the
 * layouts of cosign (legacy tags and Sigstore bundles), Notation and plain OCI artifacts.
 */
export type AttachmentKind = 'signature' | 'attestation' | 'sbom' | 'other';

/** cosign v3 signs with a DSSE statement of this predicate type (anchors B2). */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
export const PREDICATE_TYPE_ANNOTATION = 'predicateType';

const SIGNATURE_TYPES = new Set([
  'application/vnd.dev.cosign.simplesigning.v1+json',
  'application/vnd.dev.cosign.artifact.sig.v1+json',
  'application/vnd.cncf.notary.signature',
]);

const ATTESTATION_TYPES = new Set([
  'application/vnd.dsse.envelope.v1+json',
  'application/vnd.in-toto+json',
  'application/vnd.dev.cosign.artifact.att.v1+json',
]);

const SBOM_TYPES = new Set([
  'text/spdx',
  'text/spdx+json',
  'application/spdx+json',
  'application/vnd.spdx+json',
  'application/vnd.cyclonedx',
  'application/vnd.cyclonedx+json',
  'application/vnd.cyclonedx+xml',
  'application/vnd.syft+json',
  'application/vnd.dev.cosign.artifact.sbom.v1+json',
]);

function isSigstoreBundle(type: string): boolean {
  return type.startsWith('application/vnd.dev.sigstore.bundle');
}

/**
 * Classifies by artifact type (or, for legacy layers, media type). A Sigstore bundle is a
 * signature when its predicate is cosign's "sign" predicate, else an attestation.
 */
export function classifyArtifact(
  type: string | undefined,
  annotations: Readonly<Record<string, string>> = {},
): AttachmentKind {
  if (type === undefined) return 'other';
  const bare = type.split(';')[0]!.trim();
  if (isSigstoreBundle(bare)) {
    return annotations[BUNDLE_PREDICATE_ANNOTATION] === COSIGN_SIGN_PREDICATE
      ? 'signature'
      : 'attestation';
  }
  if (SIGNATURE_TYPES.has(bare)) return 'signature';
  if (ATTESTATION_TYPES.has(bare)) return 'attestation';
  if (SBOM_TYPES.has(bare)) return 'sbom';
  return 'other';
}
