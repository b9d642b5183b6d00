/**
 * The log's request bodies are read with the shared bounded JSON reader (core/http). JSON.parse accepts any nesting (the log answered 400 even to
 * 100,000 levels, but only because nothing walked the result) and any number of values:
 * a 4 MiB body of empty objects would take about 90 MB of heap per request before its
 * shape is even looked at. The bounded reader refuses both with a 400 first.
 */
import type { FastifyInstance } from 'fastify';
import type { JsonBounds } from '../../core/json/index.js';
import { useBoundedJsonBodies } from '../../core/http/index.js';
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

/** The log's JSON bodies through the shared bounded reader; refusals are Rekor-style 400s. */
export function useBoundedLogBodies(app: FastifyInstance, maxBytes: number): void {
  useBoundedJsonBodies(app, logJsonBounds(maxBytes), (message, problem) =>
    tlogServerError('TLOG_REQUEST_INVALID', message, { details: { problem } }),
  );
}
