/**
 * Error codes of credential loading. Credentials come from files an operator keeps (docker
 * config.json, Kubernetes pull secrets) or from the environment, so problems are config errors.
 * Messages name the file or Secret and the field, never a value: the values are secrets.
 */
import { errorFactory } from '../../core/errors.js';

export const CREDENTIALS_ERRORS = {
  CREDENTIALS_INVALID: {
    category: 'config',
    summary:
      'A docker config.json, Kubernetes pull secret or SIGNET_REGISTRY_* variable is malformed; the message names the source and the field.',
  },
  CREDENTIALS_UNSUPPORTED: {
    category: 'config',
    summary:
      'The credentials for a registry are kept by a docker credential helper (credHelpers/credsStore), which Signet does not run; pass them another way.',
  },
} as const;

export const credentialsError = errorFactory(CREDENTIALS_ERRORS);

/** One CREDENTIALS_INVALID error listing every problem found in `source`. */
export function invalidCredentials(source: string, problems: readonly string[]) {
  const list = problems.length === 1 ? problems[0] : problems.join('; ');
  return credentialsError('CREDENTIALS_INVALID', `${source}: ${list}`, {
    details: { source, problems },
  });
}
