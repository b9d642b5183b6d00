/**
 * Finds and reads docker's config.json the way the docker CLI does: `$DOCKER_CONFIG/config.json`
 * when DOCKER_CONFIG is set, else `~/.docker/config.json`. A file that does not exist means no
 * logins (most CI machines have none), not an error; an unreadable or malformed one is an error.
 */
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CredentialProvider } from './credential.js';
import { MAX_DOCKER_CONFIG_BYTES, parseDockerConfig } from './docker-config.js';
import { invalidCredentials } from './errors.js';

/** The config.json docker would use for `env`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['DOCKER_CONFIG'];
  if (dir !== undefined && dir !== '') return join(dir, 'config.json');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, '.docker', 'config.json');
}

class NoDockerConfig implements CredentialProvider {
  constructor(private readonly path: string) {}
  credentialFor(): undefined {
    return undefined;
  }
  toString(): string {
    return `no docker config at ${this.path}`;
  }
}

/**
 * Reads `path` (default: defaultDockerConfigPath(env)). Missing file: a provider with no
 * logins. The read is bounded, since the path may point anywhere.
 */
export async function loadDockerConfig(
  path?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CredentialProvider> {
  const file = path ?? defaultDockerConfigPath(env);
  const text = await readBounded(file);
  return text === undefined ? new NoDockerConfig(file) : parseDockerConfig(text, file);
}

async function readBounded(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw invalidCredentials(file, [`cannot be opened (${code ?? 'unknown error'})`]);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      throw invalidCredentials(file, ['is a directory; give the config.json file inside it']);
    }
    // Read one byte past the limit to tell "at the limit" from "over it" without trusting size.
    const buffer = Buffer.alloc(MAX_DOCKER_CONFIG_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_DOCKER_CONFIG_BYTES) {
      throw invalidCredentials(file, [
        `is larger than ${MAX_DOCKER_CONFIG_BYTES} bytes, which no docker config is`,
      ]);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } catch {
      throw invalidCredentials(file, ['is not UTF-8 text']);
    }
  } finally {
    await handle.close();
  }
}
