/**
 * Credential providers that are not files: one login for one registry (command-line flags),
 * a chain of providers, and anonymous access.
 */
import {
  describeCredential,
  describeProvider,
  makeCredential,
  type Credential,
  type CredentialProvider,
} from './credential.js';
import { invalidCredentials } from './errors.js';
import { registryKeyOf } from './registry-key.js';

class SingleRegistryCredentials implements CredentialProvider {
  constructor(
    private readonly key: string,
    private readonly credential: Credential | undefined,
  ) {}

  credentialFor(registry: string): Credential | undefined {
    return registryKeyOf(registry) === this.key ? this.credential : undefined;
  }

  toString(): string {
    const what =
      this.credential === undefined ? 'no credentials' : describeCredential(this.credential);
    return `credentials for ${this.key} (${what})`;
  }
}

/**
 * `credential` for `registry` only (any of Docker Hub's names when it is Docker Hub); every
 * other registry gets undefined, so a login given for one registry never reaches another.
 */
export function staticCredentials(registry: string, credential: Credential): CredentialProvider {
  const key = registryKeyOf(registry);
  if (key === '') {
    throw invalidCredentials('registry credentials', [
      `${JSON.stringify(registry)} does not name a registry host`,
    ]);
  }
  return new SingleRegistryCredentials(key, makeCredential(credential));
}

class ChainedCredentials implements CredentialProvider {
  constructor(private readonly providers: readonly CredentialProvider[]) {}

  credentialFor(registry: string): Credential | undefined {
    for (const provider of this.providers) {
      const credential = provider.credentialFor(registry);
      if (credential !== undefined) return credential;
    }
    return undefined;
  }

  toString(): string {
    return `chain of ${this.providers.map(describeProvider).join(', ') || 'no providers'}`;
  }
}

/**
 * Asks each provider in turn; the first login found wins. Providers after it are not asked,
 * so a docker config whose credential helper Signet cannot run does not get in the way of a
 * login given earlier in the chain.
 */
export function chainCredentials(...providers: CredentialProvider[]): CredentialProvider {
  return new ChainedCredentials(providers);
}

/** No login for any registry. */
export const anonymous: CredentialProvider = Object.freeze({
  credentialFor: () => undefined,
  toString: () => 'anonymous',
});
