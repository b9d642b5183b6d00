/**
 * Checks a JSON value against the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it)
 * that Signet's API document is written in: `type` (one or a list), `properties`,
 * `required`, `additionalProperties`, `items`, `enum`, `minLength`/`maxLength`,
 * `minimum`/`maximum`, `maxItems`, `format: date-time` and local `$ref`s. The server
 * validates request bodies with it, so a 400 names the field, and the tests check every
 * answer with it, so the document cannot drift from the server. Anything outside the
 * subset is refused loudly rather than silently accepted.
 */
export interface Schema {
  readonly $ref?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly format?: 'date-time';
  readonly description?: string;
  readonly example?: unknown;
}

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface SchemaProblem {
  /** `results[0].violations[1].severity`; empty for the whole value. */
  readonly path: string;
  readonly message: string;
}

const KNOWN = new Set([
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'maxItems',
  'format',
  'description',
  'example',
]);

/** RFC 3339 date-time (JSON Schema `format: date-time`). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

export function checkSchema(
  value: unknown,
  schema: Schema,
  definitions: Readonly<Record<string, Schema>>,
  path = '',
): SchemaProblem[] {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword))
      throw new Error(
        `schema keyword "${keyword}" at ${path || '(root)'} is outside the checked subset`,
      );
  }
  if (schema.$ref !== undefined) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : definitions[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return checkSchema(value, target, definitions, path);
  }
  const at = path === '' ? 'the body' : path;
  const problem = (message: string): SchemaProblem[] => [{ path, message: `${at} ${message}` }];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const allowed: readonly JsonType[] =
      typeof schema.type === 'string' ? [schema.type] : schema.type;
    const fits = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!fits) return problem(`must be ${allowed.join(' or ')}, not ${actual}`);
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return problem(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return problem(`must have at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return problem(`must have at most ${schema.maxLength} characters`);
    if (
      schema.format === 'date-time' &&
      (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
    ) {
      return problem('must be an RFC 3339 date-time such as 2026-12-06T10:00:00.000Z');
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return problem(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      return problem(`must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return problem(`must have at most ${schema.maxItems} items`);
    if (schema.items !== undefined) {
      const items = schema.items;
      return value.flatMap((item, index) =>
        checkSchema(item, items, definitions, join(path, index)),
      );
    }
    return [];
  }
  if (actual === 'object')
    return checkObject(value as Record<string, unknown>, schema, definitions, path);
  return [];
}

function checkObject(
  value: Record<string, unknown>,
  schema: Schema,
  definitions: Readonly<Record<string, Schema>>,
  path: string,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name))
      problems.push({ path: join(path, name), message: `${join(path, name)} is required` });
  }
  for (const [name, member] of Object.entries(value)) {
    const declared = schema.properties?.[name];
    if (declared !== undefined) {
      problems.push(...checkSchema(member, declared, definitions, join(path, name)));
    } else if (schema.additionalProperties === false) {
      problems.push({
        path: join(path, name),
        message: `${join(path, name)} is not a known field`,
      });
    } else if (typeof schema.additionalProperties === 'object') {
      problems.push(
        ...checkSchema(member, schema.additionalProperties, definitions, join(path, name)),
      );
    }
  }
  return problems;
}
