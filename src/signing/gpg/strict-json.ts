/**
 * A JSON reader as strict as containers/image's "paranoid" decoding
 * (signature/internal/json.go): duplicate keys anywhere are an error instead of "last one
 * wins" (JSON.parse), objects keep their members in a Map so that no key can reach an
 * object prototype, and nesting depth is bounded. Signature payloads (payload.ts: signed
 * content, authenticated but not yet trusted to be well-formed) and policy.json
 * (../policy-json) are both read with it; input is treated as attacker-controlled.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** Signature payloads nest three levels; anything deeper than this is hostile. */
const MAX_DEPTH = 64;

/** What is wrong and where, so that a caller can name a line instead of an offset. */
export class StrictJsonError extends SyntaxError {
  constructor(
    readonly problem: string,
    readonly offset: number,
  ) {
    super(`${problem} at offset ${offset}`);
    this.name = 'StrictJsonError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** String characters that need no attention: not a quote, backslash or control character. */
// eslint-disable-next-line no-control-regex
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Parses one JSON value filling the whole text (whitespace around it allowed). */
export function parseStrictJson(text: string, maxDepth = MAX_DEPTH): JsonValue {
  const reader = new Reader(text, maxDepth);
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail('unexpected data after the JSON value');
  return value;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

class Reader {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  fail(problem: string): never {
    throw new StrictJsonError(problem, this.pos);
  }

  skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text.charAt(this.pos))) this.pos += 1;
  }

  value(depth: number): JsonValue {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    this.skipSpace();
    const c = this.text.charAt(this.pos);
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail(c === '' ? 'unexpected end of JSON' : `unexpected "${c}"`);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private object(depth: number): JsonObject {
    const members: JsonObject = new Map();
    this.pos += 1;
    this.skipSpace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos += 1;
      return members;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.pos) !== '"') this.fail('expected a member name');
      const key = this.string();
      if (members.has(key)) this.fail(`duplicate key ${JSON.stringify(key)}`);
      this.skipSpace();
      if (this.text.charAt(this.pos) !== ':') this.fail('expected ":"');
      this.pos += 1;
      members.set(key, this.value(depth + 1));
      if (this.separator('}')) return members;
    }
  }

  private array(depth: number): JsonValue[] {
    const items: JsonValue[] = [];
    this.pos += 1;
    this.skipSpace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos += 1;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      if (this.separator(']')) return items;
    }
  }

  /** After a member or item: true at the closing bracket, false after a comma. */
  private separator(close: string): boolean {
    this.skipSpace();
    const c = this.text.charAt(this.pos);
    this.pos += 1;
    if (c === close) return true;
    if (c === ',') return false;
    this.pos -= 1;
    return this.fail(`expected "," or "${close}"`);
  }

  private string(): string {
    let out = '';
    this.pos += 1;
    for (;;) {
      // Runs of plain characters are copied at once: policy.json may inline megabytes of keys.
      PLAIN.lastIndex = this.pos;
      const run = PLAIN.exec(this.text)![0];
      out += run;
      this.pos += run.length;
      const c = this.text.charAt(this.pos);
      if (c === '') this.fail('unterminated string');
      this.pos += 1;
      if (c === '"') return out;
      if (c < ' ') this.fail('control character in a string');
      // Otherwise c is a backslash.
      const e = this.text.charAt(this.pos);
      this.pos += 1;
      if (e === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e] as string;
      } else {
        this.fail('bad escape');
      }
    }
  }
}
