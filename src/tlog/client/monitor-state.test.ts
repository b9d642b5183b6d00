import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  checkpointSigner,
  formatCheckpoint,
  rekorKeyHint,
  signCheckpoint,
} from '../checkpoint/index.js';
import { leafHash } from '../merkle/index.js';
import { verifyLogCheckpoint } from './consistency.js';
import { formatMonitorState, parseMonitorState } from './monitor-state.js';

const log = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const note = signCheckpoint(
  formatCheckpoint({
    origin: 'log.test - 3',
    size: 4,
    rootHash: leafHash(Buffer.from('r')),
    otherContent: [],
  }),
  checkpointSigner(log.privateKey),
  'log.test',
  rekorKeyHint(log.publicKey),
);
const checkpoint = verifyLogCheckpoint(note, log.publicKey);
const text = formatMonitorState(log.publicKey, checkpoint, new Date(0));

describe('monitor state', () => {
  it('reads back the checkpoint it wrote, verified again', () => {
    const read = parseMonitorState(text, 'state.json', log.publicKey);
    assert.equal(read.size, 4);
    assert.equal(read.note, note);
  });

  const edited = (change: (doc: Record<string, unknown>) => void) => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    change(doc);
    return JSON.stringify(doc);
  };
  const cases: [string, string, RegExp][] = [
    ['text that is not JSON', 'nope', /not JSON/],
    ['another format', edited((d) => (d.format = 'x')), /not a signet\.tlog-monitor\/v1 state/],
    [
      'a note edited by hand',
      edited((d) => (d.checkpoint = note.replace('\n4\n', '\n5\n'))),
      /does not verify with the log key/,
    ],
    ['a size that is not its note', edited((d) => (d.size = 9)), /size differs/],
    ['an oversized file', ' '.repeat(300 * 1024), /too large/],
  ];
  for (const [name, input, message] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => parseMonitorState(input, 'state.json', log.publicKey),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'TLOG_MONITOR_STATE_INVALID');
          assert.match(error.message, /^state\.json: /);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('refuses the state of another log', () => {
    assert.throws(
      () => parseMonitorState(text, 'state.json', other.publicKey),
      /not of the given log key/,
    );
  });
});
