/** Errors raised by the command line itself (not by the modules it drives). */
import { errorFactory } from '../core/errors.js';

export const CLI_ERRORS = {
  CLI_USAGE: {
    category: 'usage',
    summary: 'The command line is malformed: an unknown option, a missing argument or a bad value.',
  },
  CLI_FILE_UNREADABLE: {
    category: 'config',
    summary:
      'A file named on the command line (or by $KUBECONFIG) does not exist, cannot be read, or is over its size limit.',
  },
  CLI_KUBECONFIG_INVALID: {
    category: 'config',
    summary:
      'No Kubernetes configuration was found ($KUBECONFIG, ~/.kube/config, in-cluster), or it cannot be used (bad YAML, no current context).',
  },
} as const;

export const cliError = errorFactory(CLI_ERRORS);
