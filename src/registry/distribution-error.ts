/**
 * Errors as the OCI distribution spec puts them on the wire ("Error Codes" section):
 * a JSON body `{"errors":[{"code","message","detail"}]}` with the status each code implies.
 * These are protocol answers to a client, not SignetErrors: the client decides what they mean.
 */

/** The spec's codes, plus the ones distribution adds that clients already understand. */
export const DISTRIBUTION_CODES = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  TAG_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
  RANGE_INVALID: 416,
  PAGINATION_NUMBER_INVALID: 400,
  UNKNOWN: 500,
} as const;

export type DistributionCode = keyof typeof DISTRIBUTION_CODES;

export class DistributionError extends Error {
  readonly code: DistributionCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>>;

  /**
   * `options.status` overrides the code's usual status (413 for an oversized body, say);
   * `options.headers` go out with the error (a 416 reports the upload's current Range).
   */
  constructor(
    code: DistributionCode,
    message: string,
    detail?: unknown,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'DistributionError';
    this.code = code;
    this.status = options.status ?? DISTRIBUTION_CODES[code];
    this.detail = detail;
    this.headers = options.headers ?? {};
  }

  /** The spec's error body. */
  body(): string {
    const entry: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail !== undefined) entry.detail = this.detail;
    return JSON.stringify({ errors: [entry] });
  }
}

export function isDistributionError(value: unknown): value is DistributionError {
  return value instanceof DistributionError;
}
