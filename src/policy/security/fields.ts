/**
 * Field readers the SecurityPolicy validation adds to the shared ones of
 * policy/validate/context.ts: lists of strings, booleans, bounded numbers and one-of
 * choices. Each records its problem with the field path and returns undefined.
 */
import type { FieldPath } from '../problems.js';
import {
  describe,
  readArray,
  validateEach,
  type JsonObject,
  type ValidationContext,
} from '../validate/context.js';

/** Items in one list field; real policies list a handful, this only bounds hostile input. */
const MAX_LIST_ITEMS = 1000;

export function readStringList(
  ctx: ValidationContext,
  object: JsonObject,
  key: string,
  path: FieldPath,
): string[] | undefined {
  const value = object[key];
  if (value === undefined || value === null) return [];
  const list = readArray(ctx, value, [...path, key]);
  if (list === undefined) return undefined;
  if (list.length > MAX_LIST_ITEMS)
    return ctx.error([...path, key], `lists ${list.length} items; at most ${MAX_LIST_ITEMS}`);
  return validateEach(list, [...path, key], (item, itemPath) =>
    typeof item === 'string' && item !== ''
      ? item
      : ctx.error(itemPath, `must be a non-empty string, not ${describe(item)}`),
  );
}

export function readBoolean(
  ctx: ValidationContext,
  object: JsonObject,
  key: string,
  path: FieldPath,
  fallback: boolean,
): boolean | undefined {
  const value = object[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return ctx.error([...path, key], `must be true or false, not ${describe(value)}`);
}

/** A number in [min, max]; null when absent (undefined means a problem was recorded). */
export function readNumber(
  ctx: ValidationContext,
  object: JsonObject,
  key: string,
  path: FieldPath,
  range: { readonly min: number; readonly max: number; readonly integer?: boolean },
): number | null | undefined {
  const value = object[key];
  if (value === undefined || value === null) return null;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.integer !== true || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (ok) return value;
  const what = range.integer === true ? 'an integer' : 'a number';
  return ctx.error(
    [...path, key],
    `must be ${what} from ${range.min} to ${range.max}, not ${describe(value)}`,
  );
}

/** One of `choices`; null when absent. */
export function readChoice<T extends string>(
  ctx: ValidationContext,
  object: JsonObject,
  key: string,
  path: FieldPath,
  choices: readonly T[],
): T | null | undefined {
  const value = object[key];
  if (value === undefined || value === null) return null;
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  return ctx.error(
    [...path, key],
    `${describe(value)} is not allowed; use one of ${choices.join(', ')}`,
  );
}
