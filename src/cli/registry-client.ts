/**
 * Builds a RegistryClient from the shared registry flags and the environment.
 *
 * Credentials are looked up in this order, first match wins: the flags, the
 * SIGNET_REGISTRY_* environment variables, Kubernetes pull secrets given with
 * --pull-secret, then the docker config.json (--docker-config, $DOCKER_CONFIG or
 * ~/.docker/config.json). Anonymous access is the fallback.
 *
 * With `progress` (the command's context), a registry that is slow to answer is reported
 * on stderr while the command waits (registry-progress.ts).
 */
import { readTextFile } from './read-text-file.js';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialProvider } from '../oci/credentials/index.js';
import {
  chainCredentials,
  credentialsFromEnv,
  loadDockerConfig,
  MAX_DOCKER_CONFIG_BYTES,
  parseDockerConfig,
  parseKubernetesPullSecret,
  staticCredentials,
} from '../oci/credentials/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { cliError } from './errors.js';
import type { RegistryFlags } from './options.js';
import {
  SlowRegistryNotices,
  shouldReportProgress,
  withSlowRegistryNotices,
  type ProgressTarget,
} from './registry-progress.js';

export async function registryClientFrom(
  flags: RegistryFlags,
  env: NodeJS.ProcessEnv,
  registryHint?: string,
  progress?: ProgressTarget,
): Promise<RegistryClient> {
  const providers: CredentialProvider[] = [];
  if (flags.registryUsername !== undefined || flags.registryPassword !== undefined) {
    if (registryHint === undefined) {
      throw cliError(
        'CLI_USAGE',
        '--registry-username/--registry-password need an image reference to know which registry they are for',
      );
    }
    providers.push(
      staticCredentials(registryHint, {
        username: flags.registryUsername ?? env['SIGNET_REGISTRY_USERNAME'] ?? '',
        password: flags.registryPassword ?? env['SIGNET_REGISTRY_PASSWORD'] ?? '',
      }),
    );
  }
  providers.push(credentialsFromEnv(env));
  for (const file of flags.pullSecret ?? []) {
    providers.push(
      parseKubernetesPullSecret(await readTextFile(file, { what: '--pull-secret file' }), file),
    );
  }
  providers.push(await dockerConfigProvider(flags.dockerConfig, env));

  const caCertificates = await Promise.all(
    (flags.caFile ?? []).map((file) => readTextFile(file, { what: '--ca-file' })),
  );
  const client = new RegistryClient({
    credentials: chainCredentials(...providers),
    insecureRegistries: flags.insecureRegistry ?? [],
    caCertificates,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  });
  if (progress === undefined || !shouldReportProgress(progress)) return client;
  return withSlowRegistryNotices(client, new SlowRegistryNotices(progress.console));
}

/**
 * --docker-config accepts the config file or the folder holding it, as docker's --config
 * does; a folder without config.json holds no logins, as for docker. A path that names
 * nothing is CLI_FILE_UNREADABLE: the user asked for credentials from there. Without the
 * flag, loadDockerConfig finds $DOCKER_CONFIG or ~/.docker in `env`, where a missing file
 * only means no logins.
 */
async function dockerConfigProvider(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CredentialProvider> {
  if (flag === undefined) return loadDockerConfig(undefined, env);
  if (statSync(flag, { throwIfNoEntry: false })?.isDirectory() === true) {
    return loadDockerConfig(join(flag, 'config.json'), env);
  }
  const text = await readTextFile(flag, {
    what: '--docker-config file',
    maxBytes: MAX_DOCKER_CONFIG_BYTES,
  });
  return parseDockerConfig(text, flag);
}
