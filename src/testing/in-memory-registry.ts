/** Starts the embedded registry (src/registry) with memory storage, for tests. */
import { randomBytes } from 'node:crypto';
import { startRegistryServer, type RegistryServerOptions } from '../registry/index.js';
import type { RunningRegistry } from './running-registry.js';

export interface InMemoryRegistryOptions extends Omit<RegistryServerOptions, 'storage' | 'users'> {
  /** 'basic' protects the registry with a generated user and password. Default 'none'. */
  readonly auth?: 'none' | 'basic';
}

export async function startInMemoryRegistry(
  options: InMemoryRegistryOptions = {},
): Promise<RunningRegistry> {
  const { auth: mode = 'none', ...rest } = options;
  const auth =
    mode === 'basic'
      ? { username: 'signet-test', password: randomBytes(12).toString('hex') }
      : undefined;
  const server = await startRegistryServer({
    ...rest,
    storage: { kind: 'memory' },
    users: auth === undefined ? undefined : { [auth.username]: auth.password },
  });
  return {
    kind: 'embedded',
    host: server.host,
    url: server.url,
    auth,
    referrersApi: options.referrersApi ?? true,
    stop: () => server.close(),
  };
}
