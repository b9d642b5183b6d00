/**
 * Registry login from the environment, for CI jobs and containers:
 *
 *   SIGNET_REGISTRY_USERNAME, SIGNET_REGISTRY_PASSWORD   the login (both or neither)
 *   SIGNET_REGISTRY                                      the registry it is for (recommended)
 *
 * Without SIGNET_REGISTRY the login is offered to every registry Signet contacts, including
 * registries named by the image references it is given; set it when those are not all yours.
 */
import { makeCredential, type Credential, type CredentialProvider } from './credential.js';
import { invalidCredentials } from './errors.js';
import { anonymous, staticCredentials } from './static-credentials.js';

const USERNAME = 'SIGNET_REGISTRY_USERNAME';
const PASSWORD = 'SIGNET_REGISTRY_PASSWORD';
const REGISTRY = 'SIGNET_REGISTRY';

class AnyRegistryCredentials implements CredentialProvider {
  constructor(private readonly credential: Credential | undefined) {}

  credentialFor(): Credential | undefined {
    return this.credential;
  }

  toString(): string {
    return `${USERNAME}/${PASSWORD} for every registry`;
  }
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv): CredentialProvider {
  const username = nonEmpty(env[USERNAME]);
  const password = nonEmpty(env[PASSWORD]);
  const registry = nonEmpty(env[REGISTRY]);
  if (username === undefined && password === undefined) return anonymous;
  if (username === undefined || password === undefined) {
    const [set, unset] = username === undefined ? [PASSWORD, USERNAME] : [USERNAME, PASSWORD];
    throw invalidCredentials('environment', [
      `${set} is set but ${unset} is not; set both or neither`,
    ]);
  }
  const credential = { username, password };
  if (registry !== undefined) return staticCredentials(registry, credential);
  return new AnyRegistryCredentials(makeCredential(credential));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
