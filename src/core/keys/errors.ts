/** Error codes of key parsing, signing and signature checking (src/core/keys). */
export const KEY_ERRORS = {
  KEY_INVALID: {
    category: 'config',
    summary: 'A key or certificate file is not a well-formed key of the expected PEM type.',
  },
  KEY_UNSUPPORTED: {
    category: 'config',
    summary:
      'A key uses an algorithm or size Signet does not accept (ECDSA P-256/P-384/P-521, Ed25519, RSA of 2048 bits or more).',
  },
  SIGNING_FAILED: {
    category: 'internal',
    summary: 'The crypto library refused to sign with a key it had accepted.',
  },
} as const;
