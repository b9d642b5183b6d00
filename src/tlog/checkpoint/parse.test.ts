import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parseCheckpoint } from './parse.js';

const ROOT_B64 = Buffer.alloc(32, 1).toString('base64');
const BODY = `log.example - 7\n12\n${ROOT_B64}\n`;
const SIGNATURE = `\u2014 log.example ${Buffer.from([1, 2, 3, 4, 5]).toString('base64')}\n`;

describe('parseCheckpoint', () => {
  it('returns the fields, the signed body and the signatures without verifying them', () => {
    const parsed = parseCheckpoint(`${BODY}\n${SIGNATURE}`);
    assert.equal(parsed.body, BODY);
    assert.equal(parsed.checkpoint.origin, 'log.example - 7');
    assert.equal(parsed.checkpoint.size, 12);
    assert.deepEqual(parsed.checkpoint.rootHash, new Uint8Array(32).fill(1));
    assert.deepEqual(
      parsed.signatures.map((s) => s.name),
      ['log.example'],
    );
  });

  it('rejects a well-formed note whose text is not a checkpoint', () => {
    assert.throws(
      () => parseCheckpoint(`hello\n\n${SIGNATURE}`),
      (e: unknown) => isSignetError(e) && e.code === 'TLOG_CHECKPOINT_MALFORMED',
    );
  });

  it('rejects a note whose signature block contains a blank line, as the text then has one', () => {
    assert.throws(
      () => parseCheckpoint(`${BODY}\n${SIGNATURE}\n${SIGNATURE}`),
      (e: unknown) =>
        isSignetError(e) &&
        e.code === 'TLOG_CHECKPOINT_MALFORMED' &&
        e.message.includes('extra line'),
    );
  });
});
