/**
 * The log's request bodies are read with the bounded JSON reader (core/json) instead of
 * fastify's default parser. JSON.parse accepts any nesting (the log answered 400 even to
 * 100,000 levels, but only because nothing walked the result) and any number of values:
 * a 4 MiB body of empty objects would take about 90 MB of heap per request before its
 * shape is even looked at. The bounded reader refuses both with a 400 first.
 */
import type { FastifyInstance } from 'fastify';
import { parseJsonBounded, type JsonBounds } from '../../core/json/index.js';
import { tlogServerError } from './errors.js';

/**
 * A proposed entry nests 5 levels, a retrieve request naming entries 7; 32 is far from
 * both and from any recursion limit. A hashedrekord proposal holds about 15 values, a dsse
 * one at most about 40 (8 verifiers); a retrieve request ten of those: 10,000 is generous
 * and bounds a body's allocation to about 1 MB.
 */
export function logJsonBounds(maxBytes: number): JsonBounds {
  return { maxChars: maxBytes, maxDepth: 32, maxValues: 10_000 };
}

/** Replaces the JSON parser of `app` with the bounded reader; refusals become 400s. */
export function useBoundedJsonBodies(app: FastifyInstance, bounds: JsonBounds): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const result = parseJsonBounded(body as string, bounds);
    if (result.ok) {
      done(null, result.value);
      return;
    }
    done(
      tlogServerError('TLOG_REQUEST_INVALID', `malformed request body: ${result.error.message}`, {
        details: { problem: result.error.problem },
      }),
      undefined,
    );
  });
}
