/**
 * A node:http or node:https server with every limit of server-limits.ts applied, for the
 * servers that answer raw HTTP themselves (embedded registry, lookaside signature server).
 * One place decides how TLS is served: TLS 1.2 or newer, as the admission webhook.
 */
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import {
  applyServerLimits,
  httpServerLimitOptions,
  tlsServerLimitOptions,
  type ServerLimits,
} from './server-limits.js';

/** A serving certificate chain and its private key, both PEM. The key is never logged. */
export interface ServingCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * Creates (does not start) the server. With `tls`, a certificate and key that do not form
 * a usable pair throw here, with OpenSSL's reason and never the key bytes.
 */
export function createLimitedServer(
  limits: ServerLimits,
  tls: ServingCertificate | undefined,
  listener: RequestListener,
): HttpServer | HttpsServer {
  const server =
    tls === undefined
      ? createHttpServer(httpServerLimitOptions(limits), listener)
      : createHttpsServer(
          { ...tlsServerLimitOptions(limits), cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' },
          listener,
        );
  applyServerLimits(server, limits);
  return server;
}
