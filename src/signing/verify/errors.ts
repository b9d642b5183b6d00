/** Error codes of cosign signature verification (src/signing/verify). */
export const VERIFY_ERRORS = {
  NO_SIGNATURES: {
    category: 'verification',
    summary: 'The image carries no cosign signature at all (cosign exit code 10).',
  },
  NO_MATCHING_SIGNATURE: {
    category: 'verification',
    summary:
      'The image has cosign signatures, but none verifies with a trusted key and matches the digest and required annotations (cosign exit code 12).',
  },
  VERIFIER_CONFIG_INVALID: {
    category: 'config',
    summary:
      'A verifier was configured with something that is not a parsed public key or with non-text annotations.',
  },
} as const;
