/** Error codes of Sigstore trust material (src/signing/trust). */
export const TRUST_ERRORS = {
  TRUSTED_ROOT_INVALID: {
    category: 'config',
    summary:
      'A Sigstore trusted root is not the JSON Signet reads, or a log, CT log, CA or TSA in it lacks a key or a validity start.',
  },
} as const;
