/**
 * The limits every Signet HTTP server applies (webhook, transparency log, lookaside,
 * embedded registry, dashboard), in one place so that each server is equally hard to hold
 * open. Node's defaults suit trusted clients: a 120 s TLS handshake, no socket idle timeout
 * and no connection cap let a slow or hostile client pin sockets indefinitely.
 *
 * node:http servers pass `httpServerLimitOptions(limits)` to createServer and call
 * `applyServerLimits` after it; node:https servers pass `tlsServerLimitOptions(limits)`
 * (merged with their certificate) instead. fastify servers pass
 * `fastifyServerLimitOptions(limits)` to fastify, `tlsServerLimitOptions` as its `https`
 * (or `httpServerLimitOptions` as its `http`), and call `applyServerLimits` on `app.server`.
 *
 * The construction options matter: Node enforces the headers and request timeouts from a
 * periodic sweep whose period (`connectionsCheckingInterval`, 30 s by default) can only be
 * set when the server is created, so a 10 s headers timeout applied afterwards really
 * lets a slowloris client hold its socket for up to 40 s.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

export interface ServerLimits {
  /** Time for a client to send all request headers (slowloris guard). */
  readonly headersTimeoutMs: number;
  /** Time for a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** A socket with no traffic for this long is closed. */
  readonly idleTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Time for a TLS handshake to finish (TLS servers only). */
  readonly handshakeTimeoutMs: number;
  /** Connections beyond this are refused at accept time. */
  readonly maxConnections: number;
  /**
   * Header lines parsed per request; Node ignores the ones beyond (its own default is
   * 2,000). The head's total size is bounded separately by Node's 16 KiB `maxHeaderSize`,
   * answered with 431.
   */
  readonly maxHeadersCount: number;
}

/**
 * Defaults: 10 s for headers and handshakes (a client on a healthy network needs well
 * under a second; the Kubernetes API server's own webhook timeout is at most 30 s);
 * 60 s per request, room for a 64 MiB registry blob on a slow link but finite; 5 s
 * keep-alive, above the 4 s a Node or Go client keeps idle sockets, so neither side races
 * the other; 1,024 connections, far above what one API server or CI fleet opens yet
 * small enough that file descriptors and per-socket buffers stay bounded.
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  handshakeTimeoutMs: 10_000,
  maxConnections: 1_024,
  maxHeadersCount: 100,
};

export function resolveServerLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`server limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  // Node refuses a headers timeout above the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError('server limit headersTimeoutMs must not exceed requestTimeoutMs');
  }
  return limits;
}

/** Options node:http.createServer takes; the sweep period exists only at construction. */
export interface HttpServerLimitOptions {
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
  readonly connectionsCheckingInterval: number;
}

/**
 * How often Node sweeps connections for expired header and request timeouts: a quarter of
 * the headers timeout, at most 1 s (so a timeout fires at most 1 s late; one sweep over the
 * at most `maxConnections` sockets costs microseconds) and at least 10 ms.
 */
export function connectionsCheckingIntervalMs(limits: ServerLimits): number {
  return Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
}

/** Options for node:http.createServer (or fastify's `http`). */
export function httpServerLimitOptions(limits: ServerLimits): HttpServerLimitOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: connectionsCheckingIntervalMs(limits),
  };
}

/** Options for node:https.createServer (or fastify's `https`), besides the certificate. */
export function tlsServerLimitOptions(
  limits: ServerLimits,
): HttpServerLimitOptions & { handshakeTimeout: number } {
  return { ...httpServerLimitOptions(limits), handshakeTimeout: limits.handshakeTimeoutMs };
}

/** Options fastify takes at construction (it sets them on its own server). */
export function fastifyServerLimitOptions(limits: ServerLimits): {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
} {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
}

/** Applies every limit to a created server; call before `listen`. */
export function applyServerLimits(server: HttpServer | HttpsServer, limits: ServerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = limits.maxHeadersCount;
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
}
