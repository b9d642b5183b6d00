import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSignStatement, buildStatement } from './build.js';
import { readStatement } from './statement.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const parse = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

describe('building in-toto statements', () => {
  it('writes a v1 statement for an object predicate, subjects named and annotated', () => {
    const bytes = buildStatement(
      [{ name: 'reg/app', digest: DIGEST, annotations: { env: 'prod' } }],
      'https://slsa.dev/provenance/v1',
      { b: 2 },
    );
    assert.deepEqual(parse(bytes), {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'reg/app', digest: { sha256: '1f'.repeat(32) }, annotations: { env: 'prod' } },
      ],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: { b: 2 },
    });
    assert.ok(readStatement(bytes).ok);
  });

  it('writes v0.1 for a string predicate, the only version that allows one', () => {
    const bytes = buildStatement([{ digest: DIGEST }], 'https://spdx.dev/Document', 'SPDX');
    const read = readStatement(bytes);
    assert.ok(read.ok);
    assert.equal(read.statement.type, 'https://in-toto.io/Statement/v0.1');
  });

  it('writes the statement cosign v3 signs for an image', () => {
    assert.deepEqual(parse(buildSignStatement(DIGEST)), {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: '1f'.repeat(32) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    });
  });
});
