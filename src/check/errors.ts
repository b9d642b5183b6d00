/** Errors of the CI gate (`signet check`): its inputs, and recording results in a server. */
import { errorFactory } from '../core/errors.js';

export const CHECK_ERRORS = {
  CHECK_POLICY_UNREADABLE: {
    category: 'config',
    summary:
      'A SecurityPolicy file or folder given with --policy does not exist, cannot be read, or is too large.',
  },
  CHECK_POLICIES_EMPTY: {
    category: 'config',
    summary: 'The files given with --policy hold no SecurityPolicy document.',
  },
  CHECK_MANIFESTS_INVALID: {
    category: 'usage',
    summary:
      'A file given to `check deployment -f` is not YAML or JSON Kubernetes objects, or names no image.',
  },
  CHECK_SEND_FAILED: {
    category: 'registry',
    summary:
      'The Signet server given with --send refused the report or could not be reached; the reason and status are in the message.',
  },
} as const;

export const checkError = errorFactory(CHECK_ERRORS);
