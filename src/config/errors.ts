/** Errors of configuration loading: files an operator must fix or point to correctly. */
import { errorFactory } from '../core/errors.js';

export const CONFIG_ERRORS = {
  POLICY_FILE_UNREADABLE: {
    category: 'config',
    summary: 'A policy file or folder named with --policy cannot be read.',
  },
  POLICY_FILES_EMPTY: {
    category: 'config',
    summary: 'The policy files given contain no ClusterImagePolicy document.',
  },
} as const;

export const configError = errorFactory(CONFIG_ERRORS);
