/**
 * Error codes of checkpoints (signed tree heads in the signed-note format).
 *
 * A checkpoint arrives inside a log response or a bundle, so it is attacker-controlled:
 * parsing failures are `verification` failures, as are missing or bad signatures. Only
 * the caller's own inputs (what the log is about to sign, the key it was configured with)
 * give `usage` or `config` errors.
 */
import { errorFactory } from '../../core/errors.js';

export const CHECKPOINT_ERRORS = {
  TLOG_CHECKPOINT_MALFORMED: {
    category: 'verification',
    summary:
      'A checkpoint is not a well-formed signed note (C2SP signed-note, tlog-checkpoint): wrong line structure, bad base64, too large or too many signatures.',
  },
  TLOG_CHECKPOINT_UNSIGNED: {
    category: 'verification',
    summary:
      'A checkpoint carries no signature from the trusted log key (matched by key name and key hint).',
  },
  TLOG_CHECKPOINT_SIGNATURE_INVALID: {
    category: 'verification',
    summary:
      'A checkpoint signature from the trusted log key does not verify: the checkpoint was altered or forged.',
  },
  TLOG_CHECKPOINT_ORIGIN_MISMATCH: {
    category: 'verification',
    summary:
      'A checkpoint names another log (origin line) than the one expected, for example another shard signed by the same key.',
  },
  TLOG_CHECKPOINT_KEY_UNSUPPORTED: {
    category: 'config',
    summary:
      'The key configured to sign or verify checkpoints is not an ECDSA P-256 or Ed25519 key of the right kind (public or private).',
  },
  TLOG_CHECKPOINT_INPUT_INVALID: {
    category: 'usage',
    summary:
      'A checkpoint to be formatted or signed has an invalid origin, size, root hash, extra line, key name or key hint.',
  },
} as const;

export type CheckpointErrorCode = keyof typeof CHECKPOINT_ERRORS;

export const checkpointError = errorFactory(CHECKPOINT_ERRORS);
