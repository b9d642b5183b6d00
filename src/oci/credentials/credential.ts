/**
 * What a registry login is made of, and the interface every source of logins implements.
 * Credential objects carry secrets: they print and serialise with the secrets masked, so a
 * stray log line or `--output json` cannot leak them (they still spread and read normally).
 */

export interface Credential {
  readonly username?: string;
  readonly password?: string;
  /** OAuth2 refresh token from `docker login` with an identity provider (docker `identitytoken`). */
  readonly identityToken?: string;
  /** A bearer token sent to the registry as is (docker `registrytoken`). */
  readonly registryToken?: string;
}

export interface CredentialProvider {
  /**
   * The login for `registry` (as in ImageReference.registry, `host[:port]`), or undefined for
   * anonymous access. Docker Hub is found under any of its names.
   */
  credentialFor(registry: string): Credential | undefined;
}

/**
 * A secret-free description of a provider for logs ("credentials from …"): its own toString
 * when it has one (every provider here does), else a generic name.
 */
export function describeProvider(provider: CredentialProvider): string {
  const own = (provider as { toString?: () => string }).toString;
  return typeof own === 'function' && own !== Object.prototype.toString
    ? own.call(provider)
    : 'custom credential provider';
}

const MASK = '<redacted>';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A secret-free description, for messages and logs: which parts are present, not their values. */
export function describeCredential(credential: Credential): string {
  const parts: string[] = [];
  if (credential.username !== undefined)
    parts.push(`username ${JSON.stringify(credential.username)}`);
  if (credential.password !== undefined) parts.push('a password');
  if (credential.identityToken !== undefined) parts.push('an identity token');
  if (credential.registryToken !== undefined) parts.push('a registry token');
  return parts.length === 0 ? 'no credentials' : parts.join(', ');
}

/**
 * A frozen Credential with only the parts given, or undefined when no part is (an empty
 * docker `auths` entry means "no login here"). toString, toJSON and Node's inspect mask secrets.
 */
export function makeCredential(parts: Credential): Credential | undefined {
  const present = Object.fromEntries(
    (['username', 'password', 'identityToken', 'registryToken'] as const)
      .filter((key) => parts[key] !== undefined && parts[key] !== '')
      .map((key) => [key, parts[key]]),
  ) as Credential;
  if (Object.keys(present).length === 0) return undefined;
  // The username is kept even when empty if a secret goes with it: some registries take any
  // user name (or none) with a token as the password.
  const credential: Credential = parts.username === '' ? { username: '', ...present } : present;
  const masked = () => ({
    ...(credential.username !== undefined ? { username: credential.username } : {}),
    ...(credential.password !== undefined ? { password: MASK } : {}),
    ...(credential.identityToken !== undefined ? { identityToken: MASK } : {}),
    ...(credential.registryToken !== undefined ? { registryToken: MASK } : {}),
  });
  Object.defineProperties(credential, {
    toString: { value: () => `Credential(${describeCredential(credential)})` },
    toJSON: { value: masked },
    [INSPECT]: { value: () => masked() },
  });
  return Object.freeze(credential);
}
