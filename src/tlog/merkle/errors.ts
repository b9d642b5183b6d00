/**
 * Error codes of the Merkle tree core (RFC 6962 / RFC 9162 section 2).
 *
 * Proofs and roots handed to the verifiers come from a log server, a bundle or a
 * registry annotation: they are attacker-controlled, so every rejection is a
 * `verification` failure that names the proof (leaf index, tree sizes) and what was wrong.
 */
import { errorFactory } from '../../core/errors.js';

export const MERKLE_ERRORS = {
  TLOG_PROOF_INVALID: {
    category: 'verification',
    summary:
      'A Merkle inclusion or consistency proof is malformed or does not lead to the expected root: the entry is not proven to be in the log.',
  },
  TLOG_PROOF_REQUEST_INVALID: {
    category: 'usage',
    summary:
      'A proof was requested for a leaf index or tree size outside the tree (for example a size larger than the log).',
  },
  TLOG_HASH_SOURCE_INVALID: {
    category: 'internal',
    summary:
      'The hash storage behind the log returned a subtree hash of the wrong length or for a subtree it does not hold.',
  },
} as const;

export const merkleError = errorFactory(MERKLE_ERRORS);
