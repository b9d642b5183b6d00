/**
 * Docker's config.json (docker/cli `configfile`): registry logins under `auths`, and the
 * names of credential helpers under `credHelpers` (per registry) and `credsStore` (default).
 *
 * Signet reads inline logins only; it does not run helper programs. A registry that has an
 * inline login uses it, whatever the helpers say (docker would ask the helper first, but an
 * inline login is the user's own statement for that registry, and running programs named in a
 * file is out of scope). A registry without one is reported as CREDENTIALS_UNSUPPORTED when a
 * helper holds its login: `credHelpers` names it, or `credsStore` is set and `auths` has the
 * empty entry that docker login leaves there for every registry it stored in the helper.
 * Otherwise the registry is anonymous, so public images still work on machines that use a helper.
 */
import { readAuthEntry } from './auth-entry.js';
import type { Credential, CredentialProvider } from './credential.js';
import { credentialsError, invalidCredentials } from './errors.js';
import { lineAndColumn } from './text-position.js';
import { registryKeyOf } from './registry-key.js';

/** A config.json is a few kilobytes; anything near this is not one (and may be hostile). */
export const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;

class DockerConfigCredentials implements CredentialProvider {
  constructor(
    private readonly source: string,
    private readonly logins: ReadonlyMap<string, Credential>,
    private readonly helperOf: (key: string) => string | undefined,
  ) {}

  credentialFor(registry: string): Credential | undefined {
    const key = registryKeyOf(registry);
    const login = this.logins.get(key);
    if (login !== undefined) return login;
    const helper = this.helperOf(key);
    if (helper === undefined) return undefined;
    throw credentialsError(
      'CREDENTIALS_UNSUPPORTED',
      `${this.source}: the login for ${registry} is kept by the docker credential helper ` +
        `"docker-credential-${helper}", which Signet does not run; pass --registry-username/` +
        '--registry-password, set SIGNET_REGISTRY_USERNAME/SIGNET_REGISTRY_PASSWORD, or use a ' +
        'config.json with the login inline in "auths"',
      { details: { source: this.source, registry, helper } },
    );
  }

  toString(): string {
    return `docker config ${this.source} (${this.logins.size} registry logins)`;
  }
}

/** Parses config.json text; `source` names the file in errors. */
export function parseDockerConfig(json: string, source: string): CredentialProvider {
  return dockerConfigFromObject(parseJsonObject(json, source), source);
}

/** Also used for the `.dockerconfigjson` of Kubernetes pull secrets, which has the same shape. */
export function dockerConfigFromObject(
  config: Record<string, unknown>,
  source: string,
): CredentialProvider {
  const problems: string[] = [];
  const auths = objectField(config, 'auths', problems);
  const logins = readAuths(auths ?? {}, 'auths', problems);
  const helpers = objectField(config, 'credHelpers', problems) ?? {};
  const helperByKey = new Map<string, string>();
  for (const [name, helper] of Object.entries(helpers)) {
    if (typeof helper === 'string') helperByKey.set(registryKeyOf(name), helper);
    else problems.push(`credHelpers[${JSON.stringify(name)}] must be a string`);
  }
  const store = config['credsStore'];
  if (store !== undefined && typeof store !== 'string')
    problems.push('credsStore must be a string');
  if (problems.length > 0) throw invalidCredentials(source, problems);

  const storedKeys = new Set(Object.keys(auths ?? {}).map(registryKeyOf));
  const helperOf = (key: string) =>
    helperByKey.get(key) ??
    (typeof store === 'string' && store !== '' && storedKeys.has(key) ? store : undefined);
  return new DockerConfigCredentials(source, logins.byKey, helperOf);
}

/** The legacy ~/.dockercfg shape (Kubernetes `kubernetes.io/dockercfg`): the auths map itself. */
export function legacyDockerConfigFromObject(
  auths: Record<string, unknown>,
  source: string,
): CredentialProvider {
  const problems: string[] = [];
  const logins = readAuths(auths, '', problems);
  if (problems.length > 0) throw invalidCredentials(source, problems);
  return new DockerConfigCredentials(source, logins.byKey, () => undefined);
}

/**
 * Reads every entry; the first entry with a login wins for its registry, in file order, so
 * the result does not depend on map iteration (docker's own choice among aliases is random).
 */
function readAuths(auths: Record<string, unknown>, path: string, problems: string[]) {
  const byKey = new Map<string, Credential>();
  for (const [name, entry] of Object.entries(auths)) {
    const field = `${path}[${JSON.stringify(name)}]`;
    const key = registryKeyOf(name);
    if (key === '') {
      problems.push(`${field}: the key does not name a registry host`);
      continue;
    }
    const result = readAuthEntry(entry, field);
    problems.push(...result.problems);
    if (result.credential !== undefined && !byKey.has(key)) byKey.set(key, result.credential);
  }
  return { byKey };
}

function objectField(config: Record<string, unknown>, name: string, problems: string[]) {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  problems.push(`${name} must be an object`);
  return undefined;
}

/**
 * JSON.parse, with a message that never quotes the text: V8's messages include an excerpt of
 * the input, which here holds passwords. Only the position is kept, as line and column.
 */
export function parseJsonObject(json: string, source: string): Record<string, unknown> {
  if (json.length > MAX_DOCKER_CONFIG_BYTES) {
    throw invalidCredentials(source, [
      `has ${json.length} characters; a docker config is at most ${MAX_DOCKER_CONFIG_BYTES}`,
    ]);
  }
  // A byte-order mark, as Windows editors write, is not JSON but is harmless to drop.
  const body = json.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = position === null ? '' : ` at ${lineAndColumn(body, Number(position[1]))}`;
    throw invalidCredentials(source, [`is not valid JSON${where}`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidCredentials(source, ['must be a JSON object']);
  }
  return value as Record<string, unknown>;
}
