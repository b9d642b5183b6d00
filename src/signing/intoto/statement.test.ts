import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeRefusal } from './refusal.js';
import { MAX_SUBJECTS, readStatement, subjectFor } from './statement.js';

const HEX = 'ab'.repeat(32);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const statement = (over: Record<string, unknown> = {}) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'registry.example/app', digest: { sha256: HEX } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { a: 1 },
  ...over,
});

function refusalOf(value: unknown, maxBytes?: number): string {
  const read = readStatement(
    typeof value === 'string' ? new TextEncoder().encode(value) : encode(value),
    maxBytes,
  );
  assert.equal(read.ok, false, 'refused');
  return read.ok ? '' : describeRefusal('statement.json', read.refusal);
}

describe('reading in-toto statements', () => {
  it('reads a v1 statement with its subjects and predicate', () => {
    const read = readStatement(encode(statement()));
    assert.ok(read.ok);
    assert.equal(read.statement.type, 'https://in-toto.io/Statement/v1');
    assert.equal(read.statement.predicateType, 'https://slsa.dev/provenance/v1');
    assert.deepEqual(read.statement.subjects, [
      { name: 'registry.example/app', digest: { sha256: HEX }, annotations: {} },
    ]);
    assert.deepEqual(read.statement.predicate, { a: 1 });
  });

  it('reads a v0.1 statement whose predicate is a string (cosign --type spdx)', () => {
    const read = readStatement(
      encode(
        statement({ _type: 'https://in-toto.io/Statement/v0.1', predicate: 'SPDXVersion: 2.3' }),
      ),
    );
    assert.ok(read.ok);
    assert.equal(read.statement.predicate, 'SPDXVersion: 2.3');
  });

  it('accepts digests of algorithms it does not know as opaque strings', () => {
    const read = readStatement(encode(statement({ subject: [{ digest: { gitCommit: 'abc' } }] })));
    assert.ok(read.ok);
  });

  it('finds the subject naming a digest, whatever the case of its hex', () => {
    const read = readStatement(
      encode(statement({ subject: [{ digest: { sha256: HEX.toUpperCase() } }] })),
    );
    assert.ok(read.ok);
    assert.ok(subjectFor(read.statement, `sha256:${HEX}`));
    assert.equal(subjectFor(read.statement, `sha256:${'cd'.repeat(32)}`), undefined);
    assert.equal(subjectFor(read.statement, `sha512:${HEX}`), undefined);
  });

  const refused: [string, unknown, RegExp][] = [
    ['refuses text that is not JSON', '{"_type":', /statement is not UTF-8 JSON/],
    ['refuses a JSON array', '[]', /not UTF-8 JSON holding one object/],
    [
      'refuses an unknown _type',
      statement({ _type: 'https://in-toto.io/Statement/v2' }),
      /_type "https:\/\/in-toto.io\/Statement\/v2" is not/,
    ],
    ['refuses a missing predicateType', statement({ predicateType: '' }), /predicateType must be/],
    [
      'refuses a v1 predicate that is not an object',
      statement({ predicate: 'text' }),
      /predicate must be a JSON object in a v1 statement/,
    ],
    ['refuses an empty subject list', statement({ subject: [] }), /subject must be a non-empty/],
    [
      'refuses a subject that is not an object',
      statement({ subject: [1] }),
      /subject\[0\] must be/,
    ],
    [
      'refuses a subject without digests',
      statement({ subject: [{ name: 'x', digest: {} }] }),
      /subject\[0\]\.digest must name at least one digest/,
    ],
    [
      'refuses a truncated sha256 digest',
      statement({ subject: [{ digest: { sha256: 'abc' } }] }),
      /statement\.json: subject\[0\]\.digest\.sha256 must be 64 hex digits/,
    ],
    [
      'refuses a digest that is not text',
      statement({ subject: [{ digest: { sha256: 5 } }] }),
      /subject\[0\]\.digest\.sha256 must be a non-empty string/,
    ],
    [
      'refuses a subject name that is not text',
      statement({ subject: [{ name: 1, digest: { sha256: HEX } }] }),
      /subject\[0\]\.name must be a string/,
    ],
    [
      'refuses annotations that are not an object',
      statement({ subject: [{ digest: { sha256: HEX }, annotations: [] }] }),
      /subject\[0\]\.annotations must be an object/,
    ],
    [
      'refuses more subjects than the limit',
      statement({
        subject: Array.from({ length: MAX_SUBJECTS + 1 }, () => ({ digest: { sha256: HEX } })),
      }),
      /subject has 4097 entries, over the limit of 4096/,
    ],
  ];
  for (const [name, value, message] of refused) {
    it(name, () => assert.match(refusalOf(value), message));
  }

  it('refuses a statement over the size limit before parsing it', () => {
    assert.match(refusalOf(statement(), 10), /statement is \d+ bytes, over the limit of 10/);
  });
});
