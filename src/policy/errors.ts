/** Errors of the policy engine: documents that must be fixed by whoever wrote them. */
import { errorFactory } from '../core/errors.js';

export const POLICY_ERRORS = {
  POLICY_INVALID: {
    category: 'config',
    summary:
      'A ClusterImagePolicy has validation problems; each is listed with its file, line, column and field path.',
  },
  POLICY_DUPLICATE_NAME: {
    category: 'config',
    summary: 'Two ClusterImagePolicy documents have the same metadata.name.',
  },
} as const;

export const policyError = errorFactory(POLICY_ERRORS);
