/** Error codes of Signet's lookaside signature server at start-up (its configuration). */
import { errorFactory } from '../../../core/errors.js';

export const LOOKASIDE_SERVER_ERRORS = {
  LOOKASIDE_TOKENS_INVALID: {
    category: 'config',
    summary:
      'The signature server token file cannot be read, holds no token, or holds a token that is too short.',
  },
  LOOKASIDE_SERVER_CONFIG_INVALID: {
    category: 'config',
    summary:
      'An option of the signature server is unusable: a TLS certificate and key that are not a pair, or a limit out of range.',
  },
  LOOKASIDE_SERVER_START_FAILED: {
    category: 'internal',
    summary: 'The signature server could not listen on the requested host and port.',
  },
} as const;

export const lookasideServerError = errorFactory(LOOKASIDE_SERVER_ERRORS);
