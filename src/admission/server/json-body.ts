/**
 * The webhook's request bodies (AdmissionReviews and Gatekeeper ProviderRequests) are read
 * with the shared bounded JSON reader (core/http) within the bounds below.
 */
import type { FastifyInstance } from 'fastify';
import type { JsonBounds } from '../../core/json/index.js';
import { useBoundedJsonBodies } from '../../core/http/index.js';
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

/** The webhook's JSON bodies through the shared bounded reader; refusals name the review. */
export function useBoundedReviewBodies(
  app: FastifyInstance,
  bounds: JsonBounds = REVIEW_JSON_BOUNDS,
): void {
  useBoundedJsonBodies(app, bounds, (message, problem) =>
    admissionError('ADMISSION_REVIEW_INVALID', message, { details: { problem } }),
  );
}
