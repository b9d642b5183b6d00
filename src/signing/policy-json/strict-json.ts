/**
 * A JSON reader as strict as containers/image's policy parser
 * (signature/internal/json.go, ParanoidUnmarshalJSONObject): a key repeated in one object
 * is an error instead of "last one wins", and objects are Maps so that no member name can
 * reach an object prototype. Values are otherwise as JSON.parse gives them.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** policy.json nests five levels; deeper input is a mistake or hostile. */
const MAX_DEPTH = 32;
// JSON strings may not hold raw control characters (RFC 8259 §7), hence the \u0000-\u001f range.
const TOKEN =
  // eslint-disable-next-line no-control-regex
  /\s*(?:([{}[\],:])|("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null))/y;

export class JsonSyntaxError extends Error {}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

export function parsePolicyJsonText(text: string): JsonValue {
  let pos = 0;
  let peeked: string | undefined;
  const fail = (problem: string): never => {
    const line = text.slice(0, pos).split('\n').length;
    throw new JsonSyntaxError(`${problem} (line ${line})`);
  };
  const next = (): string => {
    if (peeked !== undefined) {
      const token = peeked;
      peeked = undefined;
      return token;
    }
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(text);
    if (match === null)
      return fail(pos >= text.trimEnd().length ? 'unexpected end of JSON' : 'invalid JSON');
    pos = TOKEN.lastIndex;
    return match[0].trimStart();
  };
  const peek = () => (peeked ??= next());
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    const token = next();
    if (token === '{') {
      const object: JsonObject = new Map();
      if (peek() === '}') {
        next();
        return object;
      }
      for (;;) {
        const key = next();
        if (!key.startsWith('"')) fail('expected a member name');
        const name = JSON.parse(key) as string;
        if (object.has(name)) fail(`duplicate key ${JSON.stringify(name)}`);
        if (next() !== ':') fail('expected ":"');
        object.set(name, value(depth + 1));
        const separator = next();
        if (separator === '}') return object;
        if (separator !== ',') fail('expected "," or "}"');
      }
    }
    if (token === '[') {
      const array: JsonValue[] = [];
      if (peek() === ']') {
        next();
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        const separator = next();
        if (separator === ']') return array;
        if (separator !== ',') fail('expected "," or "]"');
      }
    }
    if (/^[\]},:]$/.test(token)) fail(`unexpected "${token}"`);
    return JSON.parse(token) as JsonValue;
  };
  const result = value(0);
  if (peeked !== undefined || text.slice(pos).trim() !== '')
    fail('unexpected data after the JSON value');
  return result;
}
