/** Error codes of Signet's lookaside signature server at start-up (its configuration). */
import { errorFactory } from '../../../core/errors.js';

export const LOOKASIDE_SERVER_ERRORS = {
  LOOKASIDE_TOKENS_INVALID: {
    category: 'config',
    summary:
      'The signature server token file cannot be read, holds no token, or holds a token that is too short.',
  },
} as const;

export const lookasideServerError = errorFactory(LOOKASIDE_SERVER_ERRORS);
