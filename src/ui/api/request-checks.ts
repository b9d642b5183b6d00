/**
 * Request input, refused with a 400 that names the field: bodies are checked against the
 * OpenAPI document's schemas, query parameters against the ones the document lists for the
 * route (an unknown parameter is refused too, so a misspelt filter is not silently ignored).
 */
import {
  DECISION_SOURCES,
  SEVERITIES,
  VIOLATION_ACTIONS,
  type ViolationQuery,
} from '../../records/index.js';
import { uiError } from '../errors.js';
import { documentedQuery } from '../openapi/document.js';
import { checkSchema } from '../openapi/schema-check.js';
import { SCHEMAS } from '../openapi/schemas.js';

export function invalid(field: string, message: string): Error {
  return uiError('UI_REQUEST_INVALID', message, { details: { field } });
}

/** The body if it fits schema `name`; the first problem as a 400 otherwise. */
export function validBody<T>(body: unknown, name: string): T {
  if (body === undefined)
    throw invalid('', 'the request needs a JSON body (Content-Type: application/json)');
  const problems = checkSchema(body, { $ref: `#/components/schemas/${name}` }, SCHEMAS);
  const first = problems[0];
  if (first !== undefined) {
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : '';
    throw invalid(first.path, `${first.message}${more}`);
  }
  return body as T;
}

export type Query = Readonly<Record<string, unknown>>;

/** One text value of a parameter; repeated or empty parameters are refused. */
export function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, `query parameter ${name} must be given once`);
  if (value === '') return undefined;
  if (value.length > 1024)
    throw invalid(name, `query parameter ${name} is longer than 1024 characters`);
  return value;
}

export function onlyKnown(query: Query, known: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw invalid(
      unknown.slice(0, 64),
      `unknown query parameter ${unknown.slice(0, 64)}; known: ${known.join(', ')}`,
    );
  }
}

export function oneOf<T extends string>(
  query: Query,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw invalid(name, `query parameter ${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function wholeNumber(
  query: Query,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  const number = /^[0-9]{1,12}$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max))
    throw invalid(name, `query parameter ${name} must be a whole number from ${min} to ${max}`);
  return number;
}

export function time(query: Query, name: string): Date | undefined {
  const value = text(query, name);
  if (value === undefined) return undefined;
  const problems = checkSchema(value, { type: 'string', format: 'date-time' }, {}, name);
  if (problems.length > 0)
    throw invalid(
      name,
      `query parameter ${name} must be an RFC 3339 time such as 2026-12-06T10:00:00Z`,
    );
  return new Date(value);
}

const VIOLATION_PARAMETERS = documentedQuery('/api/v1/violations');

export function violationQuery(query: Query, limit: number): ViolationQuery {
  onlyKnown(query, VIOLATION_PARAMETERS);
  const strings = {
    policy: text(query, 'policy'),
    image: text(query, 'image'),
    namespace: text(query, 'namespace'),
    cluster: text(query, 'cluster'),
    pipeline: text(query, 'pipeline'),
    search: text(query, 'q'),
  };
  const filters: ViolationQuery = {
    source: oneOf(query, 'source', DECISION_SOURCES),
    action: oneOf(query, 'action', VIOLATION_ACTIONS),
    severity: oneOf(query, 'severity', SEVERITIES),
    ...strings,
    since: time(query, 'since'),
    until: time(query, 'until'),
    beforeId: wholeNumber(query, 'before', 1, Number.MAX_SAFE_INTEGER),
    limit,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}
