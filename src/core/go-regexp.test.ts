import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGoRegExp } from './go-regexp.js';

function matches(pattern: string, text: string): boolean {
  const compiled = compileGoRegExp(pattern);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.problem);
  return compiled.regex.test(text);
}

// Each case is what Go's regexp.MatchString answers for the pair.
const CASES: [pattern: string, text: string, expected: boolean][] = [
  ['.*kubernetes.default.*', 'https://kubernetes.default.svc', true],
  [
    '^https://github\\.com/acme/.*$',
    'https://github.com/acme/app/.github/workflows/r.yml@main',
    true,
  ],
  ['^https://github\\.com/acme/', 'https://github.com/evil/acme/', false],
  ['acme', 'https://github.com/acme/x', true], // unanchored, as cosign matches
  ['a.c', 'a\nc', false], // "." never matches a newline
  ['a.c', 'a\rc', true], // …but does match a carriage return, unlike JavaScript's "."
  ['(?s)a.c', 'a\nc', true],
  ['(?i)GITHUB', 'github', true],
  ['\\Aab\\z', 'ab', true],
  ['\\Aab\\z', 'ab\n', false],
  ['a\\sb', 'a\u00a0b', false], // \s is ASCII whitespace in Go
  ['a\\sb', 'a\tb', true],
  ['[[:digit:]]+@example\\.com', 'ci42@example.com', true],
  ['^[[:alpha:]]+$', 'abc1', false],
  ['[]a]', ']', true], // a leading "]" is a literal in a Go class
  ['\\Qa.b\\E', 'a.b', true],
  ['\\Qa.b\\E', 'axb', false],
  ['(?P<org>acme)/x', 'acme/x', true],
  ['(?m)^b$', 'a\nb\nc', true],
  ['^b$', 'a\nb\nc', false],
  ['a\\-b', 'a-b', true], // escaped punctuation is a literal
];

describe('Go regular expressions in identities', () => {
  for (const [pattern, text, expected] of CASES) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)} with ${pattern}`, () => {
      assert.equal(matches(pattern, text), expected);
    });
  }

  // Expressions Go's regexp.Compile refuses.
  for (const pattern of [
    '****',
    '*',
    'a**',
    '(',
    'a)',
    '[a',
    'x{2,1}',
    'a{1001}',
    '(?=a)b',
    '(?<!a)b',
    '(a)\\1',
    '\\y',
    'ab\\',
    '[[:nope:]]',
  ]) {
    it(`refuses ${pattern}, which Go does not compile`, () => {
      const compiled = compileGoRegExp(pattern);
      assert.equal(compiled.ok, false);
      assert.match(compiled.ok ? '' : compiled.problem, /does not compile/);
    });
  }

  // Go forms without a faithful JavaScript rewrite: refused with a reason, never guessed at.
  for (const pattern of ['\\pL', '\\x{41}', 'a(?i)b', '(?U)a+', '[[:^alpha:]]', '[\\S]']) {
    it(`refuses ${pattern} as not supported, saying so`, () => {
      const compiled = compileGoRegExp(pattern);
      assert.equal(compiled.ok, false);
      assert.match(compiled.ok ? '' : compiled.problem, /not supported by Signet/);
    });
  }
});
