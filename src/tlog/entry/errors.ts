/**
 * Error codes of log entries: proposed entries (what a client asks the log to record) and
 * log entries as a log returns them (what a client verifies).
 *
 * A proposed entry is attacker-controlled input to the log server, so its problems are
 * `usage` errors (the server answers 400). A returned entry that fails verification is a
 * `verification` error: the log, or someone in between, cannot be trusted.
 */
import { errorFactory } from '../../core/errors.js';

export const ENTRY_ERRORS = {
  TLOG_ENTRY_MALFORMED: {
    category: 'usage',
    summary:
      'A proposed log entry is not a valid hashedrekord or dsse v0.0.1 document (missing or mistyped field, bad base64 or hex).',
  },
  TLOG_ENTRY_TOO_LARGE: {
    category: 'usage',
    summary: 'A proposed log entry, or one of its fields, exceeds the size the log accepts.',
  },
  TLOG_ENTRY_UNSUPPORTED: {
    category: 'usage',
    summary: 'A proposed log entry has a kind or apiVersion the log does not accept.',
  },
  TLOG_ENTRY_ALGORITHM_NOT_ALLOWED: {
    category: 'usage',
    summary:
      'A hashedrekord entry pairs a key type and digest algorithm the log does not accept (e.g. P-256 with SHA-512).',
  },
  TLOG_ENTRY_VERIFIER_INVALID: {
    category: 'usage',
    summary:
      'The public key or certificate of a proposed entry cannot be parsed or is not accepted.',
  },
  TLOG_ENTRY_SIGNATURE_INVALID: {
    category: 'usage',
    summary: 'The signature of a proposed entry does not verify with the key it names.',
  },
  TLOG_ENTRY_REFERENCE_INVALID: {
    category: 'usage',
    summary: 'An entry UUID or entry ID is not 64 or 80 hexadecimal characters.',
  },
  TLOG_LOG_ENTRY_INVALID: {
    category: 'verification',
    summary:
      'A log entry returned by a log is malformed, is for another log, or its inclusion proof does not verify.',
  },
  TLOG_SET_INVALID: {
    category: 'verification',
    summary:
      'The signed entry timestamp (SET) of a log entry is missing or not signed by the log key.',
  },
  TLOG_ENTRY_TIME_INVALID: {
    category: 'verification',
    summary: 'A log entry claims to have been integrated in the future.',
  },
} as const;

export type EntryErrorCode = keyof typeof ENTRY_ERRORS;

export const entryError = errorFactory(ENTRY_ERRORS);
