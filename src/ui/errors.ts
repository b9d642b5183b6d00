/**
 * Errors of the Signet server (API and dashboard). Each HTTP answer's `code` comes from
 * this table so that docs/errors.md lists every code a client can see.
 */
import { errorFactory } from '../core/errors.js';

export const UI_ERRORS = {
  UI_TOKEN_FILE_INVALID: {
    category: 'config',
    summary:
      'The API token file cannot be read, has a line that is not "ROLE TOKEN" with ROLE viewer, writer or admin, or a token that is too short.',
  },
  UI_SERVER_OPTIONS_INVALID: {
    category: 'usage',
    summary:
      'The server was started without a way in: no --token-file and no --public-read, or with a retention rule that is not a positive whole number.',
  },
  UI_REQUEST_INVALID: {
    category: 'usage',
    summary:
      'A request body or query parameter is malformed; the message names the field (answered 400).',
  },
  UI_UNAUTHENTICATED: {
    category: 'usage',
    summary:
      'The request has no Authorization: Bearer token, or one the server does not know (401).',
  },
  UI_FORBIDDEN: {
    category: 'usage',
    summary:
      "The token's role may not do this: viewers read, writers also record, admins also prune (403).",
  },
  UI_NOT_FOUND: {
    category: 'not-found',
    summary: 'No record, page or API route by that name or id (404).',
  },
  UI_TLOG_UNAVAILABLE: {
    category: 'registry',
    summary: 'The transparency log the dashboard shows could not be reached or answered nonsense.',
  },
  UI_INTERNAL: {
    category: 'internal',
    summary: 'The server failed unexpectedly; the server log has the detail.',
  },
} as const;

export type UiErrorCode = keyof typeof UI_ERRORS;
export const uiError = errorFactory(UI_ERRORS);

/** HTTP status of each code the API answers with. */
export const UI_HTTP_STATUS: Readonly<Partial<Record<UiErrorCode, number>>> = {
  UI_REQUEST_INVALID: 400,
  UI_UNAUTHENTICATED: 401,
  UI_FORBIDDEN: 403,
  UI_NOT_FOUND: 404,
  UI_TLOG_UNAVAILABLE: 502,
};
