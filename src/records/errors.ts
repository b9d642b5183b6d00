/** Errors of the decision store. */
import { errorFactory } from '../core/errors.js';

export const RECORDS_ERRORS = {
  RECORDS_DATABASE_URL_INVALID: {
    category: 'config',
    summary: 'The --database value is neither sqlite:PATH nor a postgres:// URL.',
  },
  RECORDS_DATABASE_UNOPENABLE: {
    category: 'config',
    summary:
      'The decision database cannot be opened: its SQLite file or folder cannot be created or is not a database, or PostgreSQL refused the login, the database or the permissions.',
  },
  RECORDS_QUERY_INVALID: {
    category: 'usage',
    summary: 'A decision query has an out-of-range limit or a malformed filter.',
  },
  RECORDS_UNAVAILABLE: {
    category: 'registry',
    summary:
      'The decision database could not be reached or refused a write; decisions are not being recorded.',
  },
  RECORDS_CLOSED: {
    category: 'internal',
    summary: 'A decision was recorded after the store was closed.',
  },
} as const;

export const recordsError = errorFactory(RECORDS_ERRORS);
