/** Errors of the signing commands' own inputs (passwords, key files, blob signatures). */
import { errorFactory } from '../../core/errors.js';

export const SIGNING_CLI_ERRORS = {
  PASSWORD_REQUIRED: {
    category: 'usage',
    summary:
      'A key password is needed but none is available: set SIGNET_PASSWORD (or COSIGN_PASSWORD), or run on a terminal.',
  },
  PASSWORD_MISMATCH: {
    category: 'usage',
    summary: 'The two passwords typed for a new key differ.',
  },
  KEY_FILE_EXISTS: {
    category: 'usage',
    summary:
      'generate-key-pair would overwrite an existing key file; pass --force or another --output-key-prefix.',
  },
  BLOB_SIGNATURE_INVALID: {
    category: 'verification',
    summary:
      'A blob signature does not verify with any of the given keys (cosign verify-blob exit code 12).',
  },
} as const;

export const signingCliError = errorFactory(SIGNING_CLI_ERRORS);
