/** Error codes of cosign payloads and signature storage formats (src/signing/cosign). */
export const COSIGN_ERRORS = {
  SIGNATURE_PAYLOAD_INVALID: {
    category: 'verification',
    summary:
      'A cosign simple-signing payload is not the JSON cosign writes (critical.identity, critical.image, critical.type).',
  },
  PAYLOAD_INPUT_INVALID: {
    category: 'usage',
    summary:
      'Values given to build a cosign payload cannot be encoded (bad digest, annotation value type).',
  },
  CONTAINERS_SIGNATURE_INVALID: {
    category: 'verification',
    summary:
      'A containers-image signature file (dir: or lookaside layout) is malformed or of an unknown format.',
  },
  CONTAINERS_DIR_NO_MANIFEST: {
    category: 'not-found',
    summary:
      'A containers-image dir: layout has no manifest.json, so there is nothing to verify signatures against.',
  },
  CONTAINERS_DIR_INVALID: {
    category: 'usage',
    summary: 'A containers-image dir: layout cannot be read or exceeds the size bounds.',
  },
} as const;
