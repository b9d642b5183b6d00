/** Error codes of Sigstore bundles and in-toto statements (src/signing/bundle). */
export const BUNDLE_ERRORS = {
  SIGSTORE_BUNDLE_INVALID: {
    category: 'verification',
    summary:
      'A Sigstore bundle is not the v0.3 JSON Signet reads (mediaType, verificationMaterial, dsseEnvelope).',
  },
  IN_TOTO_STATEMENT_INVALID: {
    category: 'verification',
    summary:
      'An in-toto statement is not JSON of the form {_type, subject[{digest}], predicateType, predicate}.',
  },
} as const;
