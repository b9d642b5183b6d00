/**
 * JSON error answers of the signature server: `{"error":{"code":"…","message":"…"}}` with
 * the HTTP status that says who must act. Codes are stable (docs/lookaside.md).
 */
import type { ServerResponse } from 'node:http';

export const API_ERROR_STATUS = {
  UNAUTHORIZED: 401,
  MALFORMED_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  SIGNATURE_INVALID: 422,
  DIGEST_MISMATCH: 422,
  SIGNER_NOT_TRUSTED: 422,
  SIGNATURE_EXISTS: 409,
  SIGNATURE_GAP: 409,
  STORE_FULL: 409,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class HttpProblem extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, problem: HttpProblem): void {
  const headers: Record<string, string> =
    problem.code === 'UNAUTHORIZED'
      ? { 'www-authenticate': 'Bearer realm="signet-lookaside"' }
      : {};
  if (problem.code === 'METHOD_NOT_ALLOWED')
    headers['allow'] = problem.message.replace(/^.*allowed: /, '');
  sendJson(
    res,
    problem.status,
    { error: { code: problem.code, message: problem.message } },
    headers,
  );
}
