/**
 * The HTTP application of the transparency log: the Rekor v1 API on fastify, errors in
 * Rekor's `{code, message}` shape, bodies bounded.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_PROPOSED_ENTRY_BYTES } from '../entry/index.js';
import { errorResponse } from './http-status.js';
import type { LogService } from './log-service.js';
import { registerEntryRoutes } from './routes-entries.js';
import { registerIndexRoutes } from './routes-index.js';
import { registerLogRoutes } from './routes-log.js';

/** A proposed entry plus room for JSON escaping of the envelope string inside it. */
export const MAX_REQUEST_BYTES = MAX_PROPOSED_ENTRY_BYTES + 64 * 1024;

/** Requests that take longer than this are cut off (rekor-tiles serves with a 20 s timeout). */
const REQUEST_TIMEOUT_MS = 20_000;

export interface TlogAppOptions {
  /** Called with unexpected (5xx) errors, which clients only see as "internal error". */
  readonly onInternalError?: (error: unknown) => void;
}

export function buildTlogApp(log: LogService, options: TlogAppOptions = {}): FastifyInstance {
  const app = Fastify({
    bodyLimit: MAX_REQUEST_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    logger: false,
  });
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
  registerEntryRoutes(app, log);
  registerLogRoutes(app, log);
  registerIndexRoutes(app, log);
  return app;
}
