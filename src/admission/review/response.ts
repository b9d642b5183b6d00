/** Builds the AdmissionReview the API server expects back (k8s.io/api/admission/v1). */
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

/**
 * The API server keeps at most 4 KiB of warnings per response (KEP-1693); past this many
 * the rest are summarised so the user still learns there were more.
 */
const MAX_WARNINGS = 20;
const MAX_WARNING_CHARS = 4096;

export function admissionReviewResponse(
  uid: string,
  answer: ReviewAnswer,
): AdmissionReviewResponse {
  const warnings = boundWarnings(answer.warnings ?? []);
  const response: AdmissionResponse = {
    uid,
    allowed: answer.allowed,
    ...(answer.allowed
      ? {}
      : {
          status: { code: 403, reason: 'Forbidden', message: answer.message ?? 'denied by Signet' },
        }),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(answer.patch !== undefined && answer.patch.length > 0
      ? {
          patchType: 'JSONPatch' as const,
          patch: Buffer.from(JSON.stringify(answer.patch)).toString('base64'),
        }
      : {}),
  };
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_KIND, response };
}

function boundWarnings(warnings: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const warning of warnings) {
    if (out.length === MAX_WARNINGS || total + warning.length > MAX_WARNING_CHARS) {
      out.push(
        `${warnings.length - out.length} more warnings not shown; see the Signet decision records`,
      );
      break;
    }
    out.push(warning);
    total += warning.length;
  }
  return out;
}
