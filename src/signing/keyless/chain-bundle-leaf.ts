/**
 * cosign v3 signing with `--certificate-chain` writes a v0.3 bundle whose verification
 * material is the whole chain, which the bundle specification reserves for v0.1/v0.2 (v0.3
 * carries the leaf only) and @sigstore/bundle refuses. Only the leaf is ever used (the
 * trusted root's CAs anchor the chain), so image signatures, in `signet verify` and in
 * policies alike, read such a bundle by its leaf. `signet verify-bundle` keeps the
 * specification's strictness (sigstore-conformance).
 */
const V03_MEDIA_TYPES = new Set([
  'application/vnd.dev.sigstore.bundle.v0.3+json',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
]);

/** The bundle JSON with a v0.3 chain replaced by its leaf; anything else unchanged. */
export function chainBundleAsLeaf(json: unknown): unknown {
  const bundle = json as { mediaType?: unknown; verificationMaterial?: Record<string, unknown> };
  const material = bundle?.verificationMaterial;
  const chain = material?.x509CertificateChain as { certificates?: unknown[] } | undefined;
  if (!V03_MEDIA_TYPES.has(bundle?.mediaType as string) || material === undefined) return json;
  if (!Array.isArray(chain?.certificates)) return json;
  const { x509CertificateChain: _chain, ...rest } = material;
  return { ...bundle, verificationMaterial: { ...rest, certificate: chain.certificates[0] } };
}
