/**
 * Builds the AdmissionReview the API server expects back (k8s.io/api/admission/v1), bounded:
 * every piece of it is built from attacker-influenced text (image references, registry
 * errors), so the message, each warning and the patch have fixed budgets, and an answer that
 * would still exceed MAX_ANSWER_BYTES (escaped control characters grow sixfold in JSON) is
 * rebuilt in a compact form. The verdict itself is never changed by the bounds.
 */
import { joinLinesBounded, truncate } from './bounded-text.js';
import {
  ADMISSION_API_VERSION,
  ADMISSION_KIND,
  type AdmissionResponse,
  type AdmissionReviewResponse,
} from './types.js';

/** RFC 6902 operations the mutation emits. */
export interface JsonPatchReplace {
  readonly op: 'replace';
  readonly path: string;
  readonly value: string;
}

export interface ReviewAnswer {
  readonly allowed: boolean;
  /** Required when denied: shown to the user by kubectl. */
  readonly message?: string;
  readonly warnings?: readonly string[];
  readonly patch?: readonly JsonPatchReplace[];
}

/** Every answer serialises to less than this; the API server reads far larger, its log does not. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** A denial names each failing container on its own line; a screenful is enough to act on. */
export const MAX_MESSAGE_CHARS = 8 * 1024;
/**
 * The API server keeps at most 4 KiB of warnings per response (KEP-1693); past this many
 * the rest are summarised so the user still learns there were more.
 */
const MAX_WARNINGS = 20;
const MAX_WARNING_CHARS = 4096;
/** kubectl prints each warning on one line; longer ones are cut. */
const MAX_ONE_WARNING_CHARS = 512;
/** Digest pins for a pod's images fit in far less; the rest are left to the validating webhook. */
const MAX_PATCH_JSON_CHARS = 24 * 1024;
/** The compact form's message: the first denial lines, enough to know what to fix. */
const COMPACT_MESSAGE_CHARS = 1024;

export function admissionReviewResponse(
  uid: string,
  answer: ReviewAnswer,
): AdmissionReviewResponse {
  const { patch, omitted } = boundPatch(answer.patch ?? []);
  const warnings = boundWarnings([
    ...(answer.warnings ?? []),
    ...(omitted > 0
      ? [`${omitted} digest pins left out: the patch would exceed ${MAX_PATCH_JSON_CHARS} bytes`]
      : []),
  ]);
  const message = answer.message ?? 'denied by Signet';
  const full = review(uid, answer.allowed, truncate(message, MAX_MESSAGE_CHARS), warnings, patch);
  if (Buffer.byteLength(JSON.stringify(full)) < MAX_ANSWER_BYTES) return full;
  return review(uid, answer.allowed, truncate(message, COMPACT_MESSAGE_CHARS), [
    `warnings and digest pins left out: the answer would exceed ${MAX_ANSWER_BYTES} bytes; see the Signet decision records`,
  ]);
}

function review(
  uid: string,
  allowed: boolean,
  message: string,
  warnings: readonly string[],
  patch: readonly JsonPatchReplace[] = [],
): AdmissionReviewResponse {
  const response: AdmissionResponse = {
    uid,
    allowed,
    ...(allowed ? {} : { status: { code: 403, reason: 'Forbidden', message } }),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(patch.length > 0
      ? {
          patchType: 'JSONPatch' as const,
          patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
        }
      : {}),
  };
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_KIND, response };
}

/** The leading operations whose JSON fits the budget, and how many were left out. */
function boundPatch(operations: readonly JsonPatchReplace[]): {
  patch: JsonPatchReplace[];
  omitted: number;
} {
  const patch: JsonPatchReplace[] = [];
  let size = 2;
  for (const operation of operations) {
    size += JSON.stringify(operation).length + 1;
    if (size > MAX_PATCH_JSON_CHARS) break;
    patch.push(operation);
  }
  return { patch, omitted: operations.length - patch.length };
}

function boundWarnings(warnings: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const warning of warnings) {
    const cut = truncate(warning, MAX_ONE_WARNING_CHARS);
    if (out.length === MAX_WARNINGS || total + cut.length > MAX_WARNING_CHARS) {
      out.push(
        `${warnings.length - out.length} more warnings not shown; see the Signet decision records`,
      );
      break;
    }
    out.push(cut);
    total += cut.length;
  }
  return out;
}

/** A denial message from one line per failing container, within MAX_MESSAGE_CHARS. */
export function denialMessage(lines: readonly string[]): string {
  return joinLinesBounded(
    ['Signet denied the request:', ...lines],
    { max: MAX_MESSAGE_CHARS, maxLine: 1024 },
    (count) => `and ${count} more denials; see the Signet decision records`,
  );
}
