/**
 * JSON Canonicalization Scheme (RFC 8785), the byte form Rekor signs in a Signed Entry
 * Timestamp and that in-toto/DSSE producers hash: object members sorted by UTF-16 code
 * units, no insignificant whitespace, numbers in ECMAScript shortest form.
 */
import { errorFactory } from './errors.js';

export const CANONICAL_JSON_ERRORS = {
  JSON_NOT_CANONICALIZABLE: {
    category: 'usage',
    summary:
      'A value cannot be written as RFC 8785 canonical JSON (non-finite number, lone surrogate, non-JSON type).',
  },
} as const;

const fail = errorFactory(CANONICAL_JSON_ERRORS);

/** Nesting bound: canonical JSON is applied to small log entries, never deep trees. */
const MAX_DEPTH = 100;

/**
 * The canonical text of `value`. Object members whose value is `undefined` are left out,
 * as `JSON.stringify` does, so optional TypeScript fields behave as absent.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0, '$');
}

/** The canonical form as UTF-8 bytes, ready to hash or sign. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function write(value: unknown, depth: number, path: string): string {
  if (depth > MAX_DEPTH)
    throw fail('JSON_NOT_CANONICALIZABLE', `${path} nests deeper than ${MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw fail('JSON_NOT_CANONICALIZABLE', `${path} is ${value}, which JSON cannot represent`);
      }
      // RFC 8785 §3.2.2.3 adopts the ECMAScript Number-to-String algorithm verbatim.
      return JSON.stringify(value);
    case 'string':
      return writeString(value, path);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => write(item, depth + 1, `${path}[${i}]`)).join(',')}]`;
      }
      return writeObject(value, depth, path);
    default:
      throw fail('JSON_NOT_CANONICALIZABLE', `${path} is a ${typeof value}, not a JSON value`);
  }
}

function writeObject(value: object, depth: number, path: string): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw fail('JSON_NOT_CANONICALIZABLE', `${path} is not a plain object`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  const members = keys.map(
    (key) => `${writeString(key, path)}:${write(record[key], depth + 1, `${path}.${key}`)}`,
  );
  return `{${members.join(',')}}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function writeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw fail(
      'JSON_NOT_CANONICALIZABLE',
      `${path} holds a string with a lone surrogate (RFC 8785 §3.2.2.2)`,
    );
  }
  // For well-formed strings JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 asks.
  return JSON.stringify(value);
}
