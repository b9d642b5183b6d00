// Property tests: generated references in every shape the grammar allows must parse, print
// and re-parse to the same thing; arbitrary text must fail only with REFERENCE_INVALID.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignetError } from '../../core/errors.js';
import { familiarReference, formatReference } from './format.js';
import type { ImageReference } from './image-reference.js';
import { parseReference } from './parse.js';

const chars = (text: string) => fc.constantFrom(...text.split(''));
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const alnumRun = fc.string({ unit: chars(LOWER_ALNUM), minLength: 1, maxLength: 6 });
const separator = fc.constantFrom('.', '_', '__', '-', '---');

/** path-component := alnum (separator alnum)* */
const pathComponent = fc
  .tuple(alnumRun, fc.array(fc.tuple(separator, alnumRun), { maxLength: 2 }))
  .map(([head, rest]) => head + rest.map(([sep, run]) => sep + run).join(''));
const path = fc
  .array(pathComponent, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'));

const label = fc
  .tuple(
    fc.string({
      unit: chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
      minLength: 1,
      maxLength: 5,
    }),
    fc.option(
      fc.tuple(
        fc.constantFrom('-', '--'),
        fc.string({ unit: chars(LOWER_ALNUM), minLength: 1, maxLength: 4 }),
      ),
    ),
  )
  .map(([head, tail]) => (tail === null ? head : head + tail[0] + tail[1]));
const port = fc.integer({ min: 0, max: 65535 }).map(String);
const dottedHost = fc
  .array(label, { minLength: 2, maxLength: 4 })
  .map((labels) => labels.join('.'));
const ipv4 = fc.ipV4();
const ipv6 = fc
  .array(fc.string({ unit: chars(HEX + 'ABCDEF'), minLength: 1, maxLength: 4 }), {
    minLength: 2,
    maxLength: 8,
  })
  .map((groups) => `[${groups.join(':')}]`);
/** A first component that docker reads as a registry: ".", ":port" or localhost. */
const registry = fc.oneof(
  dottedHost,
  fc.tuple(dottedHost, port).map(([host, p]) => `${host}:${p}`),
  fc.tuple(label, port).map(([host, p]) => `${host}:${p}`),
  ipv4,
  fc.tuple(ipv4, port).map(([host, p]) => `${host}:${p}`),
  ipv6,
  fc.tuple(ipv6, port).map(([host, p]) => `${host}:${p}`),
  fc.constantFrom('localhost', 'LocalHost', 'docker.io', 'index.docker.io'),
  fc.tuple(fc.constant('localhost'), port).map(([host, p]) => `${host}:${p}`),
);

const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const tag = fc
  .tuple(
    fc.string({ unit: chars(WORD), minLength: 1, maxLength: 1 }),
    fc.string({ unit: chars(WORD + '.-'), maxLength: 127 }),
  )
  .map(([first, rest]) => first + rest);
const digest = fc.oneof(
  fc.string({ unit: chars(HEX), minLength: 64, maxLength: 64 }).map((hex) => `sha256:${hex}`),
  fc.string({ unit: chars(HEX), minLength: 128, maxLength: 128 }).map((hex) => `sha512:${hex}`),
);

interface Parts {
  registry: string | null;
  path: string;
  tag: string | null;
  digest: string | null;
}
const parts: fc.Arbitrary<Parts> = fc.record({
  registry: fc.option(registry),
  path,
  tag: fc.option(tag),
  digest: fc.option(digest),
});
/**
 * Without a registry, a first path component with a "." (or "localhost") would read as a
 * host, so such a name is written with its Docker Hub registry, which means the same.
 */
function registryPrefix(p: Parts): string {
  if (p.registry !== null) return `${p.registry}/`;
  const first = p.path.split('/')[0]!;
  const looksLikeHost = p.path.includes('/') && (first.includes('.') || first === 'localhost');
  return looksLikeHost ? 'docker.io/' : '';
}
const textOf = (p: Parts) =>
  registryPrefix(p) +
  p.path +
  (p.tag === null ? '' : `:${p.tag}`) +
  (p.digest === null ? '' : `@${p.digest}`);

/** Text in the reference alphabet, where near misses of the grammar are likely. */
const referenceish = fc.string({
  unit: chars('aZ09._-:/@[]%+ sha256fF'),
  maxLength: 80,
});

function expectParsesOrRejects(input: string): ImageReference | undefined {
  try {
    return parseReference(input);
  } catch (error) {
    assert.ok(
      error instanceof SignetError,
      `threw a non-Signet error for ${JSON.stringify(input)}`,
    );
    assert.equal(error.code, 'REFERENCE_INVALID');
    return undefined;
  }
}

describe('parseReference properties', () => {
  it('parses every generated valid reference into its normalised parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const ref = parseReference(textOf(p));
        const host = p.registry?.toLowerCase() ?? 'docker.io';
        const onHub = host === 'docker.io' || host === 'index.docker.io';
        assert.equal(ref.registry, onHub ? 'docker.io' : host);
        const oneComponent = !p.path.includes('/');
        assert.equal(ref.repository, onHub && oneComponent ? `library/${p.path}` : p.path);
        assert.equal(ref.tag, p.tag ?? (p.digest === null ? 'latest' : undefined));
        assert.equal(ref.digest, p.digest ?? undefined);
      }),
    );
  });

  it('prints a reference that parses back to itself and prints the same again', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const ref = parseReference(textOf(p));
        const printed = formatReference(ref);
        assert.deepEqual(parseReference(printed), ref);
        assert.equal(formatReference(parseReference(printed)), printed);
      }),
    );
  });

  it('prints a familiar form that parses back to the same reference', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const ref = parseReference(textOf(p));
        assert.deepEqual(parseReference(familiarReference(ref)), ref);
      }),
    );
  });

  it('fails on arbitrary text only with REFERENCE_INVALID, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 80 }),
          referenceish,
        ),
        (input) => {
          const ref = expectParsesOrRejects(input);
          if (ref !== undefined) assert.deepEqual(parseReference(formatReference(ref)), ref);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('fails on mutated valid references only with REFERENCE_INVALID', () => {
    const mutated = fc
      .tuple(parts, fc.nat(), fc.string({ unit: chars('A:/@.-_[]% '), minLength: 1, maxLength: 3 }))
      .map(([p, at, insert]) => {
        const text = textOf(p);
        const index = at % (text.length + 1);
        return text.slice(0, index) + insert + text.slice(index);
      });
    fc.assert(
      fc.property(mutated, (input) => {
        const ref = expectParsesOrRejects(input);
        if (ref !== undefined) assert.deepEqual(parseReference(formatReference(ref)), ref);
      }),
      { numRuns: 1000 },
    );
  });
});
