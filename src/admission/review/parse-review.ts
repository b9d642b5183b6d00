/**
 * Strict reading of an incoming AdmissionReview: every problem is collected with its
 * field path and reported at once (answered with HTTP 400), so a misconfigured webhook
 * (wrong admissionReviewVersions, a proxy mangling bodies) is diagnosed from one log line.
 * The body is attacker-influenced: nothing is trusted before it passes these checks, and
 * the problem list and every value quoted in it are bounded (problem-list.ts).
 */
import { admissionError } from '../errors.js';
import { ProblemList } from './problem-list.js';
import {
  ADMISSION_API_VERSION,
  ADMISSION_KIND,
  ADMISSION_OPERATIONS,
  type AdmissionOperation,
  type AdmissionRequest,
  type AdmissionReviewRequest,
} from './types.js';

/** Kubernetes UIDs are 36-character UUIDs; anything past this is not one. */
const MAX_UID_LENGTH = 128;
/** Object names and namespaces are DNS subdomains (253) at most. */
const MAX_NAME_LENGTH = 253;

type Problems = ProblemList;

/** Values quoted in a problem are cut to this; they are read by a person, not a program. */
const MAX_QUOTED_CHARS = 60;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `body` (already JSON-decoded); throws ADMISSION_REVIEW_INVALID listing every problem. */
export function parseAdmissionReview(body: unknown): AdmissionReviewRequest {
  const problems = new ProblemList();
  if (!isPlainObject(body)) {
    problems.add('the body is not a JSON object');
    throw invalid(problems);
  }
  if (body['apiVersion'] !== ADMISSION_API_VERSION) {
    problems.add(
      `apiVersion is ${describe(body['apiVersion'])}, expected "${ADMISSION_API_VERSION}" (set admissionReviewVersions: [v1])`,
    );
  }
  if (body['kind'] !== ADMISSION_KIND) {
    problems.add(`kind is ${describe(body['kind'])}, expected "${ADMISSION_KIND}"`);
  }
  const request = body['request'];
  if (!isPlainObject(request)) {
    problems.add('request is missing or not an object');
    throw invalid(problems);
  }
  const uid = readString(request, 'uid', MAX_UID_LENGTH, problems, true);
  const kind = triple(request, 'kind', ['group', 'version', 'kind'], problems);
  const resource = triple(request, 'resource', ['group', 'version', 'resource'], problems);
  const operation = request['operation'];
  if (!ADMISSION_OPERATIONS.includes(operation as AdmissionOperation)) {
    problems.add(
      `request.operation is ${describe(operation)}, expected one of ${ADMISSION_OPERATIONS.join(', ')}`,
    );
  }
  const name = readString(request, 'name', MAX_NAME_LENGTH, problems);
  const namespace = readString(request, 'namespace', MAX_NAME_LENGTH, problems);
  const subResource = readString(request, 'subResource', MAX_NAME_LENGTH, problems);
  const object = request['object'];
  const needsObject = operation === 'CREATE' || operation === 'UPDATE';
  if (needsObject && !isPlainObject(object)) {
    problems.add(`request.object must be an object for ${String(operation)}`);
  } else if (object !== undefined && object !== null && !isPlainObject(object)) {
    problems.add('request.object is not an object');
  }
  const dryRun = request['dryRun'];
  if (dryRun !== undefined && dryRun !== null && typeof dryRun !== 'boolean') {
    problems.add('request.dryRun is not a boolean');
  }
  if (problems.size > 0) throw invalid(problems);
  const parsed: AdmissionRequest = {
    uid: uid!,
    kind: kind as unknown as AdmissionRequest['kind'],
    resource: resource as unknown as AdmissionRequest['resource'],
    operation: operation as AdmissionOperation,
    ...(name === undefined ? {} : { name }),
    ...(namespace === undefined ? {} : { namespace }),
    ...(subResource === undefined ? {} : { subResource }),
    ...(isPlainObject(object) ? { object } : {}),
    ...(dryRun === true ? { dryRun: true } : {}),
  };
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_KIND, request: parsed };
}

/** A string field of the request; absent (or null, or empty) is a problem only when `required`. */
function readString(
  from: Record<string, unknown>,
  field: string,
  max: number,
  problems: Problems,
  required = false,
): string | undefined {
  const value = from[field];
  if (!required && (value === undefined || value === null || value === '')) return undefined;
  if (typeof value !== 'string' || value === '') {
    problems.add(
      required
        ? `request.${field} is missing or not a non-empty string`
        : `request.${field} is not a string`,
    );
    return undefined;
  }
  if (value.length > max) problems.add(`request.${field} is longer than ${max} characters`);
  return value;
}

function triple(
  from: Record<string, unknown>,
  field: string,
  keys: readonly string[],
  problems: Problems,
): Record<string, string> | undefined {
  const value = from[field];
  if (!isPlainObject(value)) {
    problems.add(`request.${field} is missing or not an object`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const key of keys) {
    const part = value[key];
    // The core group is the empty string, and the API server may omit it.
    if (key === 'group' && (part === undefined || part === '')) {
      out[key] = '';
      continue;
    }
    if (typeof part !== 'string' || part === '' || part.length > MAX_NAME_LENGTH) {
      problems.add(`request.${field}.${key} is missing or not a string`);
      continue;
    }
    out[key] = part;
  }
  return out;
}

/**
 * A short, safe rendering of an unexpected value for a message. Objects and lists are
 * named, never serialised: a hostile one may be megabytes long or nested thousands deep.
 */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    // Cut before quoting: a hostile string may be megabytes long.
    if (value.length <= MAX_QUOTED_CHARS) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_QUOTED_CHARS))}… (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function invalid(problems: ProblemList) {
  return admissionError(
    'ADMISSION_REVIEW_INVALID',
    `malformed AdmissionReview: ${problems.toString()}`,
    {
      details: { problems: problems.list() },
    },
  );
}
