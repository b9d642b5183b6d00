/**
 * Which Kubernetes configuration a command uses, checked before the Kubernetes client
 * reads it. The client's own failures (a missing $KUBECONFIG file, bad YAML, no current
 * context) are plain exceptions that would surface as internal errors; here a missing or
 * unreadable file is CLI_FILE_UNREADABLE, as for every file a command is given, and a
 * configuration that cannot be used is CLI_KUBECONFIG_INVALID, both exit 3.
 *
 * The search order is kubectl's, as the client implements it: $KUBECONFIG (a list of
 * files, merged), else ~/.kube/config, else the in-cluster service account.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isSignetError } from '../core/errors.js';
import { cliError } from './errors.js';
import { readTextFile } from './read-text-file.js';

export interface KubeconfigChoice {
  /** The one file to load; absent when the client must search (merged list, in-cluster). */
  readonly kubeconfigFile?: string;
  /** Where the configuration comes from, for messages. */
  readonly source: string;
}

export async function chooseKubeconfig(env: NodeJS.ProcessEnv): Promise<KubeconfigChoice> {
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((file) => file !== '');
  if (listed.length > 0) {
    for (const file of listed) await readTextFile(file, { what: 'kubeconfig' });
    return listed.length === 1
      ? { kubeconfigFile: listed[0]!, source: `$KUBECONFIG (${listed[0]!})` }
      : { source: `$KUBECONFIG (${listed.join(delimiter)})` };
  }
  const home = env['HOME'];
  const inHome = home === undefined || home === '' ? undefined : join(home, '.kube', 'config');
  if (inHome !== undefined && existsSync(inHome)) {
    await readTextFile(inHome, { what: 'kubeconfig' });
    return { kubeconfigFile: inHome, source: inHome };
  }
  if (env['KUBERNETES_SERVICE_HOST'] !== undefined) {
    return { source: 'the in-cluster service account' };
  }
  throw cliError(
    'CLI_KUBECONFIG_INVALID',
    'no Kubernetes configuration found: set KUBECONFIG, create ~/.kube/config, or run inside a cluster',
  );
}

/**
 * Runs `connect` (which loads the configuration into a Kubernetes client) with the chosen
 * configuration; a failure to load it becomes CLI_KUBECONFIG_INVALID naming its source.
 */
export async function withKubeconfig<T>(
  env: NodeJS.ProcessEnv,
  connect: (options: { kubeconfigFile?: string }) => Promise<T>,
): Promise<T> {
  const choice = await chooseKubeconfig(env);
  try {
    return await connect(
      choice.kubeconfigFile === undefined ? {} : { kubeconfigFile: choice.kubeconfigFile },
    );
  } catch (error) {
    if (isSignetError(error)) throw error;
    throw cliError(
      'CLI_KUBECONFIG_INVALID',
      `cannot use the Kubernetes configuration from ${choice.source}: ${loadFailureReason(error)}`,
      { cause: error },
    );
  }
}

/**
 * The reason without the file's text: YAML errors quote the offending lines, and a
 * kubeconfig holds tokens and client keys, so only the position is kept.
 */
function loadFailureReason(error: unknown): string {
  const e = error as {
    name?: unknown;
    reason?: unknown;
    mark?: { line?: unknown; column?: unknown };
  };
  if (e.name === 'YAMLException') {
    const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 : '?';
    const column = typeof e.mark?.column === 'number' ? e.mark.column + 1 : '?';
    return `it is not valid YAML (${String(e.reason)} at line ${line}, column ${column})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}
