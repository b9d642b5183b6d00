/**
 * Error codes of containers policy.json (containers-policy.json(5)) handling. An invalid
 * policy is the operator's to fix (exit 3); a rejected image is not trusted (exit 12).
 */
import { errorFactory } from '../../core/errors.js';

export const POLICY_JSON_ERRORS = {
  POLICY_JSON_INVALID: {
    category: 'config',
    summary:
      'A policy.json document is malformed: not JSON, an unknown or duplicate field, a wrong type, or an invalid requirement.',
  },
  POLICY_JSON_UNREADABLE: {
    category: 'config',
    summary: 'A policy.json file cannot be read.',
  },
  POLICY_JSON_REJECTED: {
    category: 'verification',
    summary: 'The policy.json requirements that apply to an image are not all satisfied.',
  },
} as const;

export const policyJsonError = errorFactory(POLICY_JSON_ERRORS);
