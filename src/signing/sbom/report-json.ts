/**
 * Reading scanner reports as untrusted JSON: bytes are decoded as UTF-8 (a byte order mark
 * is tolerated, as Windows tools write one) and parsed with bounds, and small accessors
 * read fields of unknown shape, returning undefined for a field of another type so each
 * format reader decides what is required. Pure: no I/O.
 */
import { parseJsonBounded, type JsonBounds } from '../../core/json/index.js';

/**
 * Limits for one report. Trivy's report of a large distribution image with every
 * description is about 30 MB; 256 MiB leaves room while refusing a file that would take
 * gigabytes of heap. Real reports nest fewer than 20 levels.
 */
export const REPORT_JSON_BOUNDS: JsonBounds = {
  maxChars: 256 * 1024 * 1024,
  maxDepth: 64,
  maxValues: 20_000_000,
};

export type JsonObject = Record<string, unknown>;

export type DecodedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/** Decodes and parses report bytes; never throws. */
export function decodeReportJson(bytes: Uint8Array): DecodedJson {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: 'it is not UTF-8 text' };
  }
  const parsed = parseJsonBounded(text, REPORT_JSON_BOUNDS);
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  return { ok: true, value: parsed.value };
}

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** The objects of an array field; a missing field is an empty list. */
export function objectsOf(value: unknown): JsonObject[] {
  return (asArray(value) ?? []).flatMap((item) => {
    const object = asObject(item);
    return object === undefined ? [] : [object];
  });
}

/** The non-empty strings of an array field. */
export function stringsOf(value: unknown): string[] {
  return (asArray(value) ?? []).flatMap((item) => {
    const text = asString(item);
    return text === undefined ? [] : [text];
  });
}
