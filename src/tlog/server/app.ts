/**
 * The HTTP application of the transparency log: the Rekor v1 API on fastify, errors in
 * Rekor's `{code, message}` shape, bodies bounded, the shared server limits applied, and
 * optionally TLS, write authentication and a per-client write rate.
 */
import { createSecureContext } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  applyServerLimits,
  fastifyServerLimitOptions,
  httpServerLimitOptions,
  resolveServerLimits,
  tlsServerLimitOptions,
  type ServerLimits,
} from '../../core/http/index.js';
import { MAX_PROPOSED_ENTRY_BYTES } from '../entry/index.js';
import { tlogServerError } from './errors.js';
import { errorResponse } from './http-status.js';
import { useBoundedLogBodies } from './json-body.js';
import type { LogService } from './log-service.js';
import { registerEntryRoutes } from './routes-entries.js';
import { registerIndexRoutes } from './routes-index.js';
import { registerLogRoutes } from './routes-log.js';
import { writeGuard, type WriteGuardOptions } from './write-guard.js';

/** A proposed entry plus room for JSON escaping of the envelope string inside it. */
export const MAX_REQUEST_BYTES = MAX_PROPOSED_ENTRY_BYTES + 64 * 1024;

/**
 * The log's own request limit: rekor-tiles serves with a 20 s timeout, and a write is
 * answered within one batch delay of being read. The other limits are the shared ones.
 */
export const TLOG_SERVER_LIMITS: Partial<ServerLimits> = { requestTimeoutMs: 20_000 };

export interface TlogTls {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** CA whose client certificates may write; clients without one can still read. */
  readonly clientCaPem?: string;
}

export interface TlogAppOptions {
  /** Called with unexpected (5xx) errors, which clients only see as "internal error". */
  readonly onInternalError?: (error: unknown) => void;
  /** Overrides of the shared server limits (src/core/http/server-limits.ts). */
  readonly limits?: Partial<ServerLimits>;
  readonly tls?: TlogTls;
  /** Authentication and rate limit of `POST /api/v1/log/entries`; all off by default. */
  readonly write?: Omit<WriteGuardOptions, 'clientCertificates'>;
}

export function buildTlogApp(log: LogService, options: TlogAppOptions = {}): FastifyInstance {
  const limits = resolveServerLimits({ ...TLOG_SERVER_LIMITS, ...options.limits });
  const app = Fastify({
    bodyLimit: MAX_REQUEST_BYTES,
    ...fastifyServerLimitOptions(limits),
    ...serverOptions(limits, options.tls),
    logger: false,
  });
  applyServerLimits(app.server, limits);
  useBoundedLogBodies(app, MAX_REQUEST_BYTES);
  app.setErrorHandler((error, _request, reply) => {
    const body = errorResponse(error);
    if (body.code >= 500) options.onInternalError?.(error);
    return reply.code(body.code).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      code: 404,
      message: `${request.method} ${request.url.split('?')[0] ?? ''} is not part of the Rekor v1 API`,
    }),
  );
  const guard = writeGuard({
    ...options.write,
    clientCertificates: options.tls?.clientCaPem !== undefined,
  });
  registerEntryRoutes(app, log, guard);
  registerLogRoutes(app, log);
  registerIndexRoutes(app, log);
  return app;
}

/**
 * The server's construction options: the limits Node reads only when a server is created
 * (the timeout sweep period among them), and the certificate when serving TLS.
 */
function serverOptions(limits: ServerLimits, tls: TlogTls | undefined) {
  if (tls === undefined) return { http: httpServerLimitOptions(limits) };
  checkTls(tls);
  return {
    https: {
      cert: tls.certificatePem,
      key: tls.privateKeyPem,
      ...tlsServerLimitOptions(limits),
      // As every Signet TLS server: TLS 1.0 and 1.1 are deprecated (RFC 8996).
      minVersion: 'TLSv1.2' as const,
      ...(tls.clientCaPem === undefined
        ? {}
        : {
            ca: tls.clientCaPem,
            requestCert: true,
            // Readers need no certificate: the handshake succeeds without one and only the
            // write route asks whether the certificate verified (`socket.authorized`).
            rejectUnauthorized: false,
          }),
    },
  };
}

/** Fails at start-up, with a config error, on a certificate, key or CA Node cannot use. */
function checkTls(tls: TlogTls): void {
  try {
    createSecureContext({ cert: tls.certificatePem, key: tls.privateKeyPem, ca: tls.clientCaPem });
  } catch (error) {
    throw tlogServerError(
      'TLOG_TLS_INVALID',
      `the log's TLS certificate, key or client CA cannot be used: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
