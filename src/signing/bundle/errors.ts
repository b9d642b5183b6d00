/** Error codes of Sigstore bundles (src/signing/bundle); statements have src/signing/intoto's. */
export const BUNDLE_ERRORS = {
  SIGSTORE_BUNDLE_INVALID: {
    category: 'verification',
    summary:
      'A Sigstore bundle is not the v0.3 JSON Signet reads (mediaType, verificationMaterial, dsseEnvelope).',
  },
} as const;
