/**
 * The state one document's validation accumulates into, and the small readers every field
 * check uses. A reader that finds a problem records it and returns undefined, so the
 * caller carries on and every problem of the document is reported in one run.
 */
import {
  formatPath,
  type FieldPath,
  type PolicyProblem,
  type ProblemSeverity,
} from '../problems.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Maps a field path to where it starts in the input; undefined when unknown. */
export type Locator = (path: FieldPath) => Position | undefined;

export class ValidationContext {
  readonly problems: PolicyProblem[] = [];

  constructor(
    readonly source: string,
    private readonly locate: Locator,
  ) {}

  error(path: FieldPath, message: string): undefined {
    this.add('error', path, message);
    return undefined;
  }

  warning(path: FieldPath, message: string): void {
    this.add('warning', path, message);
  }

  position(path: FieldPath): Position | undefined {
    return this.locate(path);
  }

  private add(severity: ProblemSeverity, path: FieldPath, message: string): void {
    const at = this.locate(path);
    this.problems.push({
      severity,
      source: this.source,
      ...(at === undefined ? {} : { line: at.line, column: at.column }),
      path: formatPath(path),
      message,
    });
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): JsonObject | undefined {
  if (isObject(value)) return value;
  return ctx.error(path, `must be an object, not ${describe(value)}`);
}

export function readArray(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value as readonly unknown[];
  return ctx.error(path, `must be a list, not ${describe(value)}`);
}

/** A string field; `required` turns absence into a problem. Empty strings count as absent, as Go's omitempty does. */
export function readString(
  ctx: ValidationContext,
  object: JsonObject,
  key: string,
  path: FieldPath,
  required = false,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null || value === '') {
    return required ? ctx.error([...path, key], 'is required') : undefined;
  }
  if (typeof value !== 'string')
    return ctx.error([...path, key], `must be a string, not ${describe(value)}`);
  return value;
}

/**
 * Reports every field not in `known`, and every field in `unsupported` with its reason.
 * Unsupported fields are refused rather than ignored: ignoring one would make the policy
 * weaker than its author wrote it.
 */
export function checkFields(
  ctx: ValidationContext,
  object: JsonObject,
  path: FieldPath,
  known: readonly string[],
  unsupported: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(object)) {
    if (Object.prototype.hasOwnProperty.call(unsupported, key)) {
      ctx.error([...path, key], `is not supported by Signet: ${unsupported[key]}`);
    } else if (!known.includes(key)) {
      ctx.error([...path, key], `unknown field; expected one of ${known.join(', ')}`);
    }
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string "${value.slice(0, 60)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

/**
 * Validates every item of a list, so that all problems are reported; undefined when any
 * item fails (its problems are already recorded).
 */
export function validateEach<T>(
  list: readonly unknown[],
  path: FieldPath,
  validateItem: (item: unknown, itemPath: FieldPath, index: number) => T | undefined,
): T[] | undefined {
  const out: T[] = [];
  let failed = false;
  list.forEach((item, i) => {
    const valid = validateItem(item, [...path, i], i);
    if (valid === undefined) failed = true;
    else out.push(valid);
  });
  return failed ? undefined : out;
}

/**
 * Validates each item of a list whose items carry names that must be unique within it
 * (authorities of a policy, attestations of an authority).
 */
export function validateNamedList<T extends { readonly name: string }>(
  ctx: ValidationContext,
  list: readonly unknown[],
  path: FieldPath,
  names: { readonly item: string; readonly container: string },
  validateItem: (item: unknown, itemPath: FieldPath, index: number) => T | undefined,
): T[] | undefined {
  const seen = new Set<string>();
  return validateEach(list, path, (item, itemPath, i) => {
    const spec = validateItem(item, itemPath, i);
    if (spec === undefined) return undefined;
    const duplicate = seen.has(spec.name);
    seen.add(spec.name);
    if (!duplicate) return spec;
    return ctx.error(
      [...itemPath, 'name'],
      `${names.item} name "${spec.name}" is used twice in this ${names.container}`,
    );
  });
}
