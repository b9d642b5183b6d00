/**
 * Regular expressions in Go's RE2 syntax (identities' `issuerRegExp` and `subjectRegExp`),
 * which policy-controller compiles with `regexp.Compile` and cosign matches unanchored.
 * Go's syntax and JavaScript's differ, so the text is translated, never handed to RegExp
 * as it is: what Go refuses (lookarounds, backreferences, unknown escapes, repeat counts
 * over 1000) is refused with Go's reason, what Go means differently is rewritten (`.` never
 * matches `\n` only, `\s` is ASCII, `\A`/`\z`, POSIX classes, `\Q…\E`, `(?P<name>`), and the
 * rare Go forms with no faithful rewrite are refused with a reason instead of guessed at.
 */

export type CompiledGoRegExp = { ok: true; regex: RegExp } | { ok: false; problem: string };

/** Bound on an expression: identities are URLs and e-mail addresses; longer is hostile. */
const MAX_REGEXP_LENGTH = 4096;
/** Go's limit on `{n,m}` (regexp/syntax maxRepeat). */
const MAX_REPEAT = 1000;

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E',
  punct: '\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GO_SPACE = '\\t\\n\\f\\r ';

class Refusal extends Error {}

export function compileGoRegExp(source: string): CompiledGoRegExp {
  if (source.length > MAX_REGEXP_LENGTH)
    return { ok: false, problem: `is longer than ${MAX_REGEXP_LENGTH} characters` };
  try {
    const { pattern, flags } = translate(source);
    return { ok: true, regex: new RegExp(pattern, flags) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: error instanceof Refusal ? message : `does not compile: ${message}`,
    };
  }
}

function translate(source: string): { pattern: string; flags: string } {
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > MAX_REPEAT || Number(m[2] ?? 0) > MAX_REPEAT)
      throw new Refusal(`does not compile: invalid repeat count ${m[0]} (Go allows at most 1000)`);
  }
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  const goFlags = leading?.[1] ?? '';
  if (/[^ims]/.test(goFlags))
    throw new Refusal(`the flags (?${goFlags}) are not supported by Signet; use i, m and s`);
  const dotAll = goFlags.includes('s');
  const multiLine = goFlags.includes('m');
  let out = '';
  let i = leading?.[0].length ?? 0;
  let inClass = false;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const [text, used] = escape(source, i, inClass);
      out += text;
      i += used;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (source.startsWith('[:', i)) {
        const [text, used] = posixClass(source, i);
        out += text;
        i += used;
        continue;
      } else if (c === '[') {
        out += '\\[';
        i += 1;
        continue;
      }
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      const negated = source[i + 1] === '^';
      out += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      // A `]` first in a class is a literal in Go; in JavaScript it would close the class.
      if (source[i] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const [text, used] = group(source, i);
      out += text;
      i += used;
      continue;
    }
    if (c === '.') out += dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^' && multiLine) out += '(?<![^\\n])';
    else if (c === '$' && multiLine) out += '(?![^\\n])';
    else out += c;
    i += 1;
  }
  return { pattern: out, flags: goFlags.includes('i') ? 'i' : '' };
}

/** `\x` at `i`: the JavaScript text and the number of characters read. */
function escape(source: string, i: number, inClass: boolean): [string, number] {
  const c = source[i + 1];
  if (c === undefined)
    throw new Refusal('does not compile: trailing backslash at end of expression');
  if (/[dDwWbBfnrtv]/.test(c)) return [`\\${c}`, 2];
  if (c === 'a') return ['\\x07', 2];
  if (c === 's') return [inClass ? GO_SPACE : `[${GO_SPACE}]`, 2];
  if (c === 'S' && !inClass) return [`[^${GO_SPACE}]`, 2];
  if (c === 'A' && !inClass) return ['(?<![\\s\\S])', 2];
  if (c === 'z' && !inClass) return ['(?![\\s\\S])', 2];
  if (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 2, i + 4)))
    return [source.slice(i, i + 4), 4];
  if (c === 'Q') {
    const end = source.indexOf('\\E', i + 2);
    const literal = source.slice(i + 2, end === -1 ? undefined : end);
    const text = literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    return [text, 2 + literal.length + (end === -1 ? 0 : 2)];
  }
  if (/[0-9a-zA-Z]/.test(c)) {
    if (/[1-9]/.test(c) || !/[pPxS0AzE]/.test(c))
      throw new Refusal(`does not compile: invalid escape sequence \\${c}`);
    throw new Refusal(
      `the escape \\${c} is not supported by Signet here; write the characters or a [...] range`,
    );
  }
  return [`\\${c}`, 2]; // escaped punctuation is a literal in both syntaxes
}

function posixClass(source: string, i: number): [string, number] {
  const end = source.indexOf(':]', i + 2);
  const name = end === -1 ? '' : source.slice(i + 2, end);
  const range = POSIX_CLASSES[name];
  if (range !== undefined) return [range, end + 2 - i];
  if (name.startsWith('^') && POSIX_CLASSES[name.slice(1)] !== undefined)
    throw new Refusal(
      `the negated class [:${name}:] is not supported by Signet; use [^[:${name.slice(1)}:]]`,
    );
  if (end === -1) return ['\\[', 1];
  throw new Refusal(`does not compile: invalid character class range [:${name}:]`);
}

/** `(?` at `i`. */
function group(source: string, i: number): [string, number] {
  const rest = source.slice(i);
  if (rest.startsWith('(?:')) return ['(?:', 3];
  const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
  if (named !== null) return [`(?<${named[1]}>`, named[0].length];
  if (/^\(\?(=|!|<=|<!)/.test(rest))
    throw new Refusal(`does not compile: invalid or unsupported Perl syntax ${rest.slice(0, 4)}`);
  throw new Refusal(
    'flags inside the expression are not supported by Signet; put them first, as (?i) or (?s)',
  );
}
