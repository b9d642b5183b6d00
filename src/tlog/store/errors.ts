/** Error codes of the transparency log's storage and sequencer (src/tlog/store). */
import { describeError, errorFactory, isSignetError, type SignetError } from '../../core/errors.js';

export const STORE_ERRORS = {
  TLOG_STORE_URL_INVALID: {
    category: 'usage',
    summary: 'The log database is not given as sqlite:PATH or postgres://…',
  },
  TLOG_STORE_UNAVAILABLE: {
    category: 'registry',
    summary: 'The log database could not be opened, read or written.',
  },
  TLOG_STORE_BUSY: {
    category: 'registry',
    summary: 'The log has too many entries waiting to be sequenced; retry shortly.',
  },
  TLOG_STORE_CLOSED: {
    category: 'registry',
    summary: 'The log is shutting down and accepts no more entries.',
  },
  TLOG_STORE_CONFLICT: {
    category: 'internal',
    summary:
      'The log database changed under the sequencer (another writer appended); only one server may write a log.',
  },
  TLOG_STORE_CORRUPT: {
    category: 'internal',
    summary:
      'The log database lacks a subtree hash or entry it must hold, or has an unknown schema.',
  },
  TLOG_STORE_LOG_MISMATCH: {
    category: 'config',
    summary:
      'The log database belongs to another log key than the one the server was started with.',
  },
} as const;

export const storeError = errorFactory(STORE_ERRORS);

/**
 * A failure of a database call as a typed error: Signet errors raised inside it (a
 * conflict, an unknown schema) pass through; anything the driver threw becomes
 * TLOG_STORE_UNAVAILABLE, its message prefixed with `what` failed.
 */
export function storeFailure(error: unknown, what: string, temporary = false): SignetError {
  if (isSignetError(error)) return error;
  return storeError('TLOG_STORE_UNAVAILABLE', `${what}: ${describeError(error)}`, {
    cause: error,
    temporary,
  });
}
