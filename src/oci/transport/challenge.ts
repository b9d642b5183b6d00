/**
 * Parses `WWW-Authenticate` headers (RFC 7235 section 4.1) into the challenges registries
 * use: Basic (RFC 7617) and Bearer with realm/service/scope (distribution token spec,
 * docs/spec/auth/token.md). The header is attacker-controlled; the parser never throws
 * and ignores what it does not understand.
 */

export type Challenge =
  | { readonly scheme: 'basic'; readonly realm?: string }
  | {
      readonly scheme: 'bearer';
      readonly realm: string;
      readonly service?: string;
      readonly scope?: string;
      /** `insufficient_scope`, `invalid_token` (RFC 6750 section 3.1), when given. */
      readonly error?: string;
    }
  | { readonly scheme: 'other'; readonly name: string };

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/** Parses one or several headers; each may hold several comma-separated challenges. */
export function parseChallenges(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const headers = typeof header === 'string' ? [header] : header;
  return headers.flatMap((h) => parseHeader(h));
}

/** Bearer is preferred over Basic: it scopes the grant to one repository. */
export function preferredChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return (
    challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
  );
}

function parseHeader(text: string): Challenge[] {
  const out: Challenge[] = [];
  const cursor = { text, pos: 0 };
  while (cursor.pos < text.length) {
    skip(cursor, /[\s,]/);
    const scheme = readToken(cursor);
    if (scheme === '') {
      cursor.pos++; // an unexpected character: step over it
      continue;
    }
    out.push(toChallenge(scheme.toLowerCase(), readParams(cursor)));
  }
  return out;
}

interface Cursor {
  readonly text: string;
  pos: number;
}

function readParams(cursor: Cursor): Map<string, string> {
  const params = new Map<string, string>();
  for (;;) {
    skip(cursor, /[\s,]/);
    const start = cursor.pos;
    const name = readToken(cursor);
    skip(cursor, /\s/);
    if (name === '' || cursor.text[cursor.pos] !== '=') {
      cursor.pos = start; // the next challenge's scheme, or the end
      return params;
    }
    cursor.pos++;
    skip(cursor, /\s/);
    const value = cursor.text[cursor.pos] === '"' ? readQuoted(cursor) : readBare(cursor);
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
  }
}

function toChallenge(scheme: string, params: Map<string, string>): Challenge {
  const realm = params.get('realm');
  if (scheme === 'basic') return realm === undefined ? { scheme } : { scheme, realm };
  if (scheme === 'bearer' && realm !== undefined && realm !== '') {
    const service = params.get('service');
    const scope = params.get('scope');
    const error = params.get('error');
    return {
      scheme,
      realm,
      ...(service === undefined ? {} : { service }),
      ...(scope === undefined ? {} : { scope }),
      ...(error === undefined ? {} : { error }),
    };
  }
  // Bearer without a realm cannot be followed; treat it like an unknown scheme.
  return { scheme: 'other', name: scheme };
}

function skip(cursor: Cursor, pattern: RegExp): void {
  while (cursor.pos < cursor.text.length && pattern.test(cursor.text[cursor.pos]!)) cursor.pos++;
}

function readToken(cursor: Cursor): string {
  const start = cursor.pos;
  skip(cursor, TOKEN_CHAR);
  return cursor.text.slice(start, cursor.pos);
}

/** A token68 or token value: everything up to a comma or whitespace. */
function readBare(cursor: Cursor): string {
  const start = cursor.pos;
  skip(cursor, /[^\s,]/);
  return cursor.text.slice(start, cursor.pos);
}

/** RFC 7230 quoted-string with backslash escapes; an unterminated string ends the header. */
function readQuoted(cursor: Cursor): string {
  let value = '';
  cursor.pos++;
  while (cursor.pos < cursor.text.length) {
    const ch = cursor.text[cursor.pos++]!;
    if (ch === '"') return value;
    if (ch === '\\' && cursor.pos < cursor.text.length) value += cursor.text[cursor.pos++]!;
    else value += ch;
  }
  return value;
}
