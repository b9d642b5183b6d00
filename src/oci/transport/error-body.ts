/**
 * Maps failed registry responses to typed errors. The body format is the distribution
 * spec's error envelope (spec.md, "Error Codes"): {"errors":[{"code","message","detail"}]}.
 * Bodies are attacker-controlled: read bounded by the caller, parsed defensively, shown
 * sanitised and truncated.
 */
import type { SignetError } from '../../core/errors.js';
import { CREDENTIALS_HINT, registryError } from './errors.js';
import { redactUrl, sanitizeServerText } from './redact.js';

/** Error bodies are small; anything past this is not worth reading (bounds memory). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface DistributionError {
  readonly code: string;
  readonly message: string;
}

/** Parses the error envelope; returns [] for anything else (HTML pages, empty bodies). */
export function parseDistributionErrors(body: Uint8Array): DistributionError[] {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const errors = (doc as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const out: DistributionError[] = [];
  for (const item of errors.slice(0, 10)) {
    if (typeof item !== 'object' || item === null) continue;
    const { code, message } = item as { code?: unknown; message?: unknown };
    out.push({
      code: typeof code === 'string' ? sanitizeServerText(code, 64) : 'UNKNOWN',
      message: typeof message === 'string' ? sanitizeServerText(message) : '',
    });
  }
  return out;
}

export interface FailedResponse {
  readonly registry: string;
  readonly status: number;
  readonly url: string | URL;
  /** Names the object: `manifest registry.example/app:1`. */
  readonly what: string;
  readonly body: Uint8Array;
  /** Whether credentials were configured for the registry (changes the advice on 401). */
  readonly hadCredentials?: boolean;
  /** Seconds the registry asked us to wait, when it said so (429/503). */
  readonly retryAfterSeconds?: number;
}

/** Distribution error codes that mean "this does not exist" whatever the status. */
const NOT_FOUND_CODES = new Set(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN', 'BLOB_UNKNOWN']);

/** The typed error for a non-success response. */
export function errorForResponse(failed: FailedResponse): SignetError {
  const { registry, status, what } = failed;
  const errors = parseDistributionErrors(failed.body);
  const first = errors[0];
  const said =
    first === undefined ? '' : `: ${first.code}${first.message ? ` ${first.message}` : ''}`;
  const details = {
    registry,
    status,
    registryCode: first?.code,
    url: redactUrl(failed.url),
    ...(failed.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: failed.retryAfterSeconds }),
  };
  if (status === 401 || status === 403) {
    const refused = status === 401 ? 'requires authentication for' : 'denied access to';
    const state =
      failed.hadCredentials === true
        ? 'the credentials found for it were refused or lack access'
        : 'no credentials were found for it';
    return registryError(
      'REGISTRY_UNAUTHORIZED',
      `registry ${registry} ${refused} ${what} (HTTP ${status}${said}) and ${state}; ${CREDENTIALS_HINT}, for an account allowed to access it`,
      { details },
    );
  }
  if (status === 404 || (first !== undefined && NOT_FOUND_CODES.has(first.code))) {
    return registryError(
      'REGISTRY_NOT_FOUND',
      `${what} was not found in registry ${registry} (HTTP ${status}${said}); check the repository name, tag or digest`,
      { details },
    );
  }
  if (status === 429) {
    return registryError(
      'REGISTRY_RATE_LIMITED',
      `registry ${registry} is rate limiting requests for ${what} (HTTP 429${said}); wait and retry, or authenticate for a higher limit`,
      { details, temporary: true },
    );
  }
  if (status >= 500) {
    return registryError(
      'REGISTRY_UNAVAILABLE',
      `registry ${registry} failed while serving ${what} (HTTP ${status}${said}); retry later`,
      { details, temporary: true },
    );
  }
  return registryError(
    'REGISTRY_REJECTED',
    `registry ${registry} rejected the request for ${what} (HTTP ${status}${said})`,
    { details },
  );
}
