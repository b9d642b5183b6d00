/** Error codes of signature storage in registries (src/signing/remote). */
export const SIGNATURE_STORE_ERRORS = {
  SIGNATURE_WRITE_LOST: {
    category: 'registry',
    summary:
      'A signature written to a registry kept disappearing because other signers rewrote the same signature manifest; retry the signing.',
  },
  SIGNATURE_MANIFEST_FULL: {
    category: 'registry',
    summary:
      'The signature manifest of an image already holds the maximum number of signature layers.',
  },
  SIGNATURE_SET_INVALID: {
    category: 'usage',
    summary:
      'A downloaded signature set (signet download signature) is not the JSON Signet writes, or is for another image.',
  },
} as const;
