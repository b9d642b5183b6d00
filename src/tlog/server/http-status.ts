/**
 * HTTP statuses of log errors, as Rekor answers them: 400 for anything wrong with the
 * request (including signatures that do not verify), 404, 409 for duplicates (handled by
 * the create route), 413 for oversized bodies, 422 for too many search queries, 503 when
 * the log is busy or its database is down, 500 for the rest.
 */
import { isSignetError } from '../../core/errors.js';

export interface ErrorBody {
  /** The HTTP status, as Rekor's Error model carries it. */
  readonly code: number;
  readonly message: string;
}

const BY_CODE: Readonly<Record<string, number>> = {
  TLOG_QUERY_TOO_LARGE: 422,
  TLOG_ENTRY_TOO_LARGE: 413,
  TLOG_STORE_BUSY: 503,
  TLOG_STORE_CLOSED: 503,
  TLOG_STORE_UNAVAILABLE: 503,
};

export function errorResponse(error: unknown): ErrorBody {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (!isSignetError(error)) {
    // Fastify's own errors (body too large, bad JSON, wrong content type) carry a 4xx status.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { code: status, message: (error as Error).message };
    }
    return { code: 500, message: 'internal error in the transparency log; see the server log' };
  }
  const byCode = BY_CODE[error.code];
  if (byCode !== undefined) return { code: byCode, message: error.message };
  switch (error.category) {
    case 'usage':
    case 'verification':
      return { code: 400, message: error.message };
    case 'not-found':
      return { code: 404, message: error.message };
    case 'registry':
      return { code: error.temporary ? 503 : 500, message: error.message };
    case 'config':
    case 'internal':
      return { code: 500, message: 'internal error in the transparency log; see the server log' };
  }
}
