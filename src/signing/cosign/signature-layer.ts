/**
 * The cosign signature layer (cosign specs/SIGNATURE_SPEC.md, pkg/oci/static/signature.go):
 * one layer of the `sha256-<hex>.sig` manifest, whose blob is the signed payload and
 * whose annotations carry the signature and its verification material.
 */

/** A signature layer as read from a registry or a containers dir: layout. All fields are attacker-controlled. */
export interface SignatureLayer {
  readonly mediaType: string;
  readonly payload: Uint8Array;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Layer annotation names. The spec text says `dev.cosignproject.cosign/certificate`; cosign code writes `dev.sigstore.cosign/…`. */
export const CosignAnnotation = {
  /** Standard base64 of the signature over the payload bytes. */
  Signature: 'dev.cosignproject.cosign/signature',
  /** PEM leaf certificate (keyless or PKI signing). */
  Certificate: 'dev.sigstore.cosign/certificate',
  /** PEM chain from the leaf's issuer up to (and possibly including) the root. */
  Chain: 'dev.sigstore.cosign/chain',
  /** Legacy Rekor bundle JSON `{SignedEntryTimestamp, Payload{body,integratedTime,logIndex,logID}}`. */
  Bundle: 'dev.sigstore.cosign/bundle',
  /** RFC 3161 timestamp JSON. */
  Rfc3161Timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
} as const;

export const CosignMediaType = {
  /** Layer of a legacy `.sig` manifest. */
  SimpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  /** Layer of a legacy `.att` manifest. */
  DsseEnvelope: 'application/vnd.dsse.envelope.v1+json',
  /** artifactType of legacy signatures stored as OCI 1.1 referrers. */
  ArtifactSignature: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  /** Layer and artifactType of cosign v3 referrer bundles. */
  SigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  /** artifactType of attestation referrers. */
  InToto: 'application/vnd.in-toto+json',
} as const;

/** `critical.type` of a cosign image signature payload; compared case-sensitively, as cosign and containers/image do. */
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

/**
 * cosign loads Ed25519 keys as Ed25519ph for image signatures (sigstore/cosign
 * pkg/cosign/keys.go), so both signing and verifying of `.sig` layers use the prehash form.
 */
export const COSIGN_ED25519_MODE = 'prehash' as const;
