/**
 * Reading members of a policy.json object with the checks containers/image applies
 * (signature/internal/json.go): unknown members are errors, types must match exactly. Each
 * problem is recorded with its path (`transports.docker["quay.io"][0].keyType`) so that the
 * whole document is checked in one pass.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './strict-json.js';

export class Problems {
  readonly list: string[] = [];
  add(path: string, problem: string): undefined {
    this.list.push(`${path}: ${problem}`);
    return undefined;
  }
}

export function describeJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (isJsonObject(value)) return 'an object';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 80))}`;
  return `${typeof value} ${String(value)}`;
}

export function memberPath(path: string, key: string): string {
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The object at `path`, after checking it has no members outside `allowed` ('checked later'
 * when the allowed members depend on the object's `type`).
 */
export function objectWith(
  value: JsonValue | undefined,
  path: string,
  allowed: readonly string[] | 'checked later',
  problems: Problems,
): JsonObject | undefined {
  if (!isJsonObject(value))
    return problems.add(path, `must be an object, not ${describeJson(value)}`);
  if (allowed === 'checked later') return value;
  for (const key of value.keys()) {
    if (!allowed.includes(key)) {
      problems.add(memberPath(path, key), `unknown field; allowed here: ${allowed.join(', ')}`);
    }
  }
  return value;
}

export function stringMember(
  object: JsonObject,
  key: string,
  path: string,
  problems: Problems,
  required: boolean,
): string | undefined {
  const value = object.get(key);
  if (value === undefined)
    return required ? problems.add(memberPath(path, key), 'is required') : undefined;
  if (typeof value !== 'string') {
    return problems.add(memberPath(path, key), `must be a string, not ${describeJson(value)}`);
  }
  return value;
}

export function stringArrayMember(
  object: JsonObject,
  key: string,
  path: string,
  problems: Problems,
): string[] | undefined {
  const value = object.get(key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    return problems.add(
      memberPath(path, key),
      `must be an array of strings, not ${describeJson(value)}`,
    );
  }
  return value;
}

/** A `[]byte` member: standard base64 text, as Go's encoding/json reads it (line breaks ignored). */
export function bytesMember(
  value: JsonValue | undefined,
  path: string,
  problems: Problems,
): Uint8Array | undefined {
  if (typeof value !== 'string')
    return problems.add(path, `must be a base64 string, not ${describeJson(value)}`);
  const text = value.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    return problems.add(path, 'is not valid base64 (standard alphabet with padding)');
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}
