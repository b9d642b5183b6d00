/**
 * The embedded OCI distribution server (`signet serve registry`, `signet demo`, tests).
 *
 * Built on node:http rather than fastify: the distribution API needs raw, streamed request
 * bodies of any content type, repository names with slashes inside the path, exact control
 * of status codes and headers (Range, Location, Docker-Content-Digest) and no body parsing
 * or logging in the way; a dozen routes need no framework.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyServerLimits, httpServerLimitOptions } from '../core/http/index.js';
import { handleRequest } from './dispatch.js';
import { embeddedRegistryError } from './errors.js';
import type { RegistryContext } from './registry-context.js';
import { resolveRegistryOptions, type RegistryServerOptions } from './registry-options.js';
import { UploadSessions } from './upload-sessions.js';

export interface RunningRegistryServer {
  /** `http://127.0.0.1:PORT` */
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
  const server = createServer(httpServerLimitOptions(resolved.limits), (req, res) => {
    void handleRequest(ctx, access, resolved.onInternalError, req, res);
  });
  applyServerLimits(server, resolved.limits);
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
    url: `http://${host}`,
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
