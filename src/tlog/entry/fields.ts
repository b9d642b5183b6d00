/**
 * Typed reads from a parsed JSON document (attacker-controlled), each failure naming the
 * JSON path. Unknown members are ignored, as Rekor's Go decoding ignores them; they never
 * reach the canonical body.
 */
import { entryError } from './errors.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw entryError('TLOG_ENTRY_MALFORMED', `${path} must be a JSON object`);
  return value;
}

export function stringAt(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string' || value === '') {
    throw entryError('TLOG_ENTRY_MALFORMED', `${path} must be a non-empty string`);
  }
  if (value.length > maxLength) {
    throw entryError('TLOG_ENTRY_TOO_LARGE', `${path} is longer than ${maxLength} characters`);
  }
  return value;
}

export function arrayAt(value: unknown, path: string, maxItems: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw entryError('TLOG_ENTRY_MALFORMED', `${path} must be a non-empty array`);
  }
  if (value.length > maxItems) {
    throw entryError('TLOG_ENTRY_TOO_LARGE', `${path} has more than ${maxItems} items`);
  }
  return value;
}
