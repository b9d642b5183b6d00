/**
 * The webhook's request bodies (AdmissionReviews and Gatekeeper ProviderRequests) are read
 * with the bounded JSON reader (core/json) instead of fastify's default parser: a review
 * nested thousands of levels deep, or holding hundreds of thousands of empty values, is
 * refused with a 400 naming the reason before anything is built from it.
 */
import type { FastifyInstance } from 'fastify';
import { parseJsonBounded, type JsonBounds } from '../../core/json/index.js';
import { admissionError } from '../errors.js';

/** The API server refuses request bodies over 3 MiB; an AdmissionReview is never larger. */
export const MAX_REVIEW_BYTES = 3 * 1024 * 1024;

/**
 * A Pod's review nests about 20 levels (its managedFields the deepest); 64 leaves room for
 * any workload kind while staying far from any recursion limit. A large Deployment review,
 * managedFields and an UPDATE's oldObject included, holds a few thousand values; 200,000
 * bounds what one body can allocate to about 15 MB even when every value is an object.
 */
export const REVIEW_JSON_BOUNDS: JsonBounds = {
  maxChars: MAX_REVIEW_BYTES,
  maxDepth: 64,
  maxValues: 200_000,
};

/** Replaces the JSON parser of `app` with the bounded reader; refusals become 400s. */
export function useBoundedJsonBodies(app: FastifyInstance, bounds: JsonBounds): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const result = parseJsonBounded(body as string, bounds);
    if (result.ok) {
      done(null, result.value);
      return;
    }
    const error = admissionError(
      'ADMISSION_REVIEW_INVALID',
      `malformed request body: ${result.error.message}`,
      { details: { problem: result.error.problem } },
    );
    // fastify answers with the error's statusCode when no handler of the server maps it.
    done(Object.assign(error, { statusCode: 400 }), undefined);
  });
}
