/** One request being answered, and the small helpers every endpoint handler shares. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { DistributionError } from './distribution-error.js';

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly query: URLSearchParams;
}

/** Sends a complete answer; HEAD answers carry the headers but no body (RFC 9110 §9.3.2). */
export function respond(
  exchange: Exchange,
  status: number,
  headers: OutgoingHttpHeaders = {},
  body?: Uint8Array | string,
): void {
  const { res } = exchange;
  const bytes =
    body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Length': bytes?.byteLength ?? 0, ...headers });
  if (bytes === undefined || exchange.method === 'HEAD') res.end();
  else res.end(bytes);
}

export function respondJson(
  exchange: Exchange,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  respond(
    exchange,
    status,
    { 'Content-Type': 'application/json', ...headers },
    JSON.stringify(value),
  );
}

/**
 * distribution's answer for a path its router does not serve: a plain-text 404, no spec
 * error body. Clients tell "no such endpoint" (no referrers API) from "not found" by it.
 */
export function respondNoRoute(exchange: Exchange): void {
  respond(exchange, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, '404 page not found\n');
}

/**
 * Sends a spec error body. When the request body was not read (refused early), the
 * connection is closed after the answer rather than draining an unbounded body.
 */
export function respondError(
  exchange: Exchange,
  error: DistributionError,
  headers: OutgoingHttpHeaders = {},
): void {
  const extra: OutgoingHttpHeaders = exchange.req.complete ? {} : { Connection: 'close' };
  respond(
    exchange,
    error.status,
    { 'Content-Type': 'application/json', ...extra, ...error.headers, ...headers },
    error.body(),
  );
}
