/**
 * Every fastify server of Signet reads JSON request bodies with the bounded JSON reader
 * (core/json) instead of fastify's default parser: a body nested thousands of levels deep,
 * or holding hundreds of thousands of empty values, is refused with a 400 naming the
 * reason before anything is built from it. Each server passes its bounds and the typed
 * error its clients expect.
 */
import type { FastifyInstance } from 'fastify';
import { parseJsonBounded, type JsonBounds, type JsonBoundsProblem } from '../json/index.js';

export type BodyRefusal = (message: string, problem: JsonBoundsProblem) => Error;

/** Replaces the JSON parser of `app`; refusals carry status 400 for any error handler. */
export function useBoundedJsonBodies(
  app: FastifyInstance,
  bounds: JsonBounds,
  refusal: BodyRefusal,
): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const result = parseJsonBounded(body as string, bounds);
    if (result.ok) {
      done(null, result.value);
      return;
    }
    const error = refusal(`malformed request body: ${result.error.message}`, result.error.problem);
    done(Object.assign(error, { statusCode: 400 }), undefined);
  });
}
