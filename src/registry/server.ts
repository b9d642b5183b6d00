/**
 * The embedded OCI distribution server (`signet serve registry`, `signet demo`, tests).
 *
 * Built on node:http rather than fastify: the distribution API needs raw, streamed request
 * bodies of any content type, repository names with slashes inside the path, exact control
 * of status codes and headers (Range, Location, Docker-Content-Digest) and no body parsing
 * or logging in the way; a dozen routes need no framework.
 */
import type { AddressInfo } from 'node:net';
import { createLimitedServer } from '../core/http/index.js';
import { describeError } from '../core/errors.js';
import { handleRequest } from './dispatch.js';
import { embeddedRegistryError } from './errors.js';
import type { RegistryContext } from './registry-context.js';
import { resolveRegistryOptions, type RegistryServerOptions } from './registry-options.js';
import { UploadSessions } from './upload-sessions.js';

export interface RunningRegistryServer {
  /** `http://127.0.0.1:PORT`, or `https://…` when serving TLS. */
  readonly url: string;
  /** `127.0.0.1:PORT`, as it appears in image references. */
  readonly host: string;
  close(): Promise<void>;
}

/** How often idle uploads are looked for; their timeout bounds the delay anyway. */
const PURGE_INTERVAL_MS = 60_000;

export async function startRegistryServer(
  options: RegistryServerOptions = {},
): Promise<RunningRegistryServer> {
  const resolved = resolveRegistryOptions(options);
  const uploads = new UploadSessions(resolved.storage, {
    idleTimeoutMs: resolved.uploadIdleTimeoutMs,
    maxSessions: resolved.maxUploadSessions,
  });
  const ctx: RegistryContext = {
    storage: resolved.storage,
    uploads,
    referrersApi: resolved.referrersApi,
    maxBlobBytes: resolved.maxBlobBytes,
    maxManifestBytes: resolved.maxManifestBytes,
  };
  const access = {
    users: resolved.users,
    anonymousRead: resolved.anonymousRead,
    realm: resolved.realm,
  };
  let server: ReturnType<typeof createLimitedServer>;
  try {
    server = createLimitedServer(resolved.limits, resolved.tls, (req, res) => {
      void handleRequest(ctx, access, resolved.onInternalError, req, res);
    });
  } catch (error) {
    throw embeddedRegistryError(
      'EMBEDDED_REGISTRY_CONFIG_INVALID',
      `the registry's TLS certificate and key are not a usable pair: ${describeError(error)}`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        embeddedRegistryError(
          'EMBEDDED_REGISTRY_START_FAILED',
          `embedded registry cannot listen on ${resolved.host}:${resolved.port}: ${error.message}; choose another host or port`,
          { cause: error },
        ),
      ),
    );
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const purge = setInterval(
    () => {
      uploads.purgeExpired().catch(resolved.onInternalError);
    },
    Math.min(PURGE_INTERVAL_MS, resolved.uploadIdleTimeoutMs),
  );
  purge.unref();
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':')
    ? `[${resolved.host}]:${port}`
    : `${resolved.host}:${port}`;
  return {
    url: `${resolved.tls === undefined ? 'http' : 'https'}://${host}`,
    host,
    async close() {
      clearInterval(purge);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await uploads.closeAll();
    },
  };
}
