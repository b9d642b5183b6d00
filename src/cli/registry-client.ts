/**
 * Builds a RegistryClient from the shared registry flags and the environment.
 *
 * Credentials are looked up in this order, first match wins: the flags, the
 * SIGNET_REGISTRY_* environment variables, Kubernetes pull secrets given with
 * --pull-secret, then the docker config.json (--docker-config, $DOCKER_CONFIG or
 * ~/.docker/config.json). Anonymous access is the fallback.
 */
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialProvider } from '../oci/credentials/index.js';
import {
  chainCredentials,
  credentialsFromEnv,
  loadDockerConfig,
  parseKubernetesPullSecret,
  staticCredentials,
} from '../oci/credentials/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { cliError } from './errors.js';
import type { RegistryFlags } from './options.js';

export async function registryClientFrom(
  flags: RegistryFlags,
  env: NodeJS.ProcessEnv,
  registryHint?: string,
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
    providers.push(parseKubernetesPullSecret(await readConfigFile(file), file));
  }
  providers.push(await loadDockerConfig(dockerConfigPath(flags.dockerConfig, env)));

  const caCertificates = await Promise.all((flags.caFile ?? []).map(readConfigFile));
  return new RegistryClient({
    credentials: chainCredentials(...providers),
    insecureRegistries: flags.insecureRegistry ?? [],
    caCertificates,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout * 1000 } : {}),
  });
}

/** Accepts the config file or the folder holding it, as docker's --config does. */
function dockerConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const given = flag ?? (env['DOCKER_CONFIG'] !== undefined ? env['DOCKER_CONFIG'] : undefined);
  if (given === undefined) return undefined;
  const stat = statSync(given, { throwIfNoEntry: false });
  return stat?.isDirectory() === true ? join(given, 'config.json') : given;
}

async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw cliError('CLI_FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
