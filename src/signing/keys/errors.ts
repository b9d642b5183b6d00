/** Error codes of cosign key files and key references (src/signing/keys). */
export const SIGNING_KEY_ERRORS = {
  KEY_PASSWORD_WRONG: {
    category: 'config',
    summary:
      'An encrypted cosign private key could not be decrypted: the password is wrong or the file was altered.',
  },
  ENCRYPTED_KEY_INVALID: {
    category: 'config',
    summary:
      'An encrypted cosign private key file is not the PEM-wrapped scrypt/secretbox JSON cosign writes.',
  },
  ENCRYPTED_KEY_UNSUPPORTED: {
    category: 'config',
    summary:
      'An encrypted cosign private key uses a KDF, cipher or scrypt parameters Signet does not accept.',
  },
  KEY_REFERENCE_INVALID: {
    category: 'usage',
    summary: 'A key reference (file path or env://VAR) is empty, unreadable or too large.',
  },
  KEY_REFERENCE_UNSUPPORTED: {
    category: 'usage',
    summary:
      'A key reference uses a scheme Signet does not support yet (k8s://, KMS, PKCS#11, git hosts).',
  },
} as const;
