import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { formatCheckpoint, parseCheckpointBody, type Checkpoint } from './body.js';

const ROOT = Uint8Array.from({ length: 32 }, (_, i) => i);
const ROOT_B64 = Buffer.from(ROOT).toString('base64');
const CHECKPOINT: Checkpoint = {
  origin: 'rekor.example - 1193050959916656506',
  size: 266676745,
  rootHash: ROOT,
  otherContent: [],
};

const hasCode = (code: string, text: string) => (e: unknown) =>
  isSignetError(e) && e.code === code && e.message.includes(text);

describe('formatCheckpoint', () => {
  it('writes origin, size and base64 root, one per line, as Rekor v1 does', () => {
    assert.equal(
      formatCheckpoint(CHECKPOINT),
      `rekor.example - 1193050959916656506\n266676745\n${ROOT_B64}\n`,
    );
  });

  it('appends extra lines in order', () => {
    const body = formatCheckpoint({
      ...CHECKPOINT,
      otherContent: ['Timestamp: 1689000000000000000'],
    });
    assert.ok(body.endsWith(`${ROOT_B64}\nTimestamp: 1689000000000000000\n`));
  });

  it('round-trips through parseCheckpointBody, including the empty tree', () => {
    for (const checkpoint of [
      CHECKPOINT,
      { ...CHECKPOINT, size: 0, otherContent: ['a', 'b c'] },
      { ...CHECKPOINT, size: Number.MAX_SAFE_INTEGER },
    ]) {
      assert.deepEqual(parseCheckpointBody(formatCheckpoint(checkpoint)), checkpoint);
    }
  });

  const invalid: [string, Partial<Checkpoint>, string][] = [
    ['an empty origin', { origin: '' }, 'origin is empty'],
    ['an origin with a newline', { origin: 'a\nb' }, 'origin contains a newline'],
    ['a negative size', { size: -1 }, 'tree size -1'],
    ['a fractional size', { size: 1.5 }, 'tree size 1.5'],
    ['a size above 2^53', { size: 2 ** 60 }, 'is not a whole number'],
    ['a 31-byte root', { rootHash: new Uint8Array(31) }, 'root hash has 31 bytes'],
    ['an empty extra line', { otherContent: [''] }, 'extra line 1 is empty'],
    ['an extra line with a newline', { otherContent: ['x', 'a\n'] }, 'extra line 2 contains'],
  ];
  for (const [name, change, text] of invalid) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => formatCheckpoint({ ...CHECKPOINT, ...change }),
        hasCode('TLOG_CHECKPOINT_INPUT_INVALID', text),
      );
    });
  }
});

describe('parseCheckpointBody', () => {
  const malformed: [string, string, string][] = [
    ['a body without final newline', `o\n1\n${ROOT_B64}`, 'does not end with a newline'],
    ['a body of two lines', 'o\n1\n', 'has 2 lines'],
    ['an empty origin', `\n1\n${ROOT_B64}\n`, 'origin line is empty'],
    ['a size with a leading zero', `o\n01\n${ROOT_B64}\n`, 'tree size line'],
    ['a negative size', `o\n-1\n${ROOT_B64}\n`, 'tree size line'],
    ['a size in exponent notation', `o\n1e3\n${ROOT_B64}\n`, 'tree size line'],
    ['a size with a space', `o\n 1\n${ROOT_B64}\n`, 'tree size line'],
    ['a size above 2^53', `o\n18446744073709551615\n${ROOT_B64}\n`, 'tree size line'],
    ['a 31-byte root', `o\n1\n${Buffer.alloc(31).toString('base64')}\n`, 'root hash line'],
    ['a hex root', `o\n1\n${Buffer.from(ROOT).toString('hex')}\n`, 'root hash line'],
    ['a base64url root', `o\n1\n${Buffer.from(ROOT).toString('base64url')}\n`, 'root hash line'],
    ['an empty extra line', `o\n1\n${ROOT_B64}\n\nx\n`, 'extra line 1 is empty'],
  ];
  for (const [name, body, text] of malformed) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseCheckpointBody(body), hasCode('TLOG_CHECKPOINT_MALFORMED', text));
    });
  }

  it('reports problems in a body about to be signed as the caller’s mistake', () => {
    assert.throws(
      () => parseCheckpointBody('o\n1\n', 'TLOG_CHECKPOINT_INPUT_INVALID'),
      (e: unknown) => isSignetError(e) && e.category === 'usage',
    );
  });
});
