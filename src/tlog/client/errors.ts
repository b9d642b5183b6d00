/**
 * Error codes of the transparency-log client: talking to a Rekor v1 compatible log, and
 * judging what it answers. Transport failures are `registry` errors (a server failed or
 * refused; `temporary` when retrying may help); a log that shows two incompatible views
 * of its history is a `verification` error (exit 12).
 */
import { errorFactory } from '../../core/errors.js';

export const TLOG_CLIENT_ERRORS = {
  TLOG_CLIENT_URL_INVALID: {
    category: 'usage',
    summary:
      'The transparency-log URL is not an http(s) URL without credentials, query or fragment.',
  },
  TLOG_CLIENT_UNAVAILABLE: {
    category: 'registry',
    summary:
      'The transparency log could not be reached, timed out or answered with a server error (5xx) after retries.',
  },
  TLOG_CLIENT_RATE_LIMITED: {
    category: 'registry',
    summary: 'The transparency log kept answering 429 Too Many Requests; wait and retry.',
  },
  TLOG_CLIENT_REQUEST_REJECTED: {
    category: 'usage',
    summary:
      'The transparency log refused the request (400, 413, 422): a malformed entry, a signature it does not accept, or a query over its limits.',
  },
  TLOG_CLIENT_UNAUTHORIZED: {
    category: 'config',
    summary:
      'The log restricts writes and refused the credentials given (401 or 403): a write token or client certificate is missing or not accepted.',
  },
  TLOG_CLIENT_NOT_FOUND: {
    category: 'not-found',
    summary: 'The transparency log has no such entry (404).',
  },
  TLOG_CLIENT_PROTOCOL: {
    category: 'registry',
    summary:
      'The transparency log answered something that is not a Rekor v1 response (wrong status, malformed or oversized JSON).',
  },
  TLOG_CLIENT_LOG_KEY_INVALID: {
    category: 'config',
    summary:
      "The transparency log's public key (--tlog-key) is not a PEM public key of type ECDSA P-256 or Ed25519.",
  },
  TLOG_CONSISTENCY_FAILED: {
    category: 'verification',
    summary:
      'Two checkpoints of the log cannot both be honest (different roots at one size, a shrinking tree, another origin, or a consistency proof that does not verify): a split view or rewritten history.',
  },
  TLOG_MONITOR_STATE_INVALID: {
    category: 'config',
    summary: 'The monitor state file is not a checkpoint state written by `signet tlog monitor`.',
  },
} as const;

export type TlogClientErrorCode = keyof typeof TLOG_CLIENT_ERRORS;

export const tlogClientError = errorFactory(TLOG_CLIENT_ERRORS);
