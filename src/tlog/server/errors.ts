/** Error codes of the transparency-log HTTP server and its start-up (src/tlog/server). */
import { errorFactory } from '../../core/errors.js';

export const TLOG_SERVER_ERRORS = {
  TLOG_REQUEST_INVALID: {
    category: 'usage',
    summary: 'A request to the log API is malformed: a bad query parameter, path or JSON body.',
  },
  TLOG_QUERY_TOO_LARGE: {
    category: 'usage',
    summary: 'A search asks for more than 10 entries at once (Rekor maxSearchQueries).',
  },
  TLOG_ENTRY_NOT_FOUND: {
    category: 'not-found',
    summary: 'No entry with the given UUID, entry ID or index is in the log.',
  },
  TLOG_LOG_KEY_INVALID: {
    category: 'config',
    summary:
      'The log signing key file is unreadable or not an unencrypted ECDSA P-256 private key in PEM.',
  },
  TLOG_WRITE_TOKENS_INVALID: {
    category: 'config',
    summary:
      'The write token file holds no token, too many, or one shorter than 16 characters or containing spaces.',
  },
  TLOG_TLS_INVALID: {
    category: 'config',
    summary:
      'The TLS certificate, key or client CA of the log server cannot be used, or a client CA was given without TLS.',
  },
  TLOG_DATA_DIR_UNUSABLE: {
    category: 'config',
    summary: 'The log data directory cannot be created or written.',
  },
} as const;

export const tlogServerError = errorFactory(TLOG_SERVER_ERRORS);
