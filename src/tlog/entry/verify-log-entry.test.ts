import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import {
  checkpointSigner,
  formatCheckpoint,
  rekorKeyHint,
  signCheckpoint,
} from '../checkpoint/index.js';
import { InMemoryMerkleTree, inclusionProof } from '../merkle/index.js';
import { logIdOf } from './identifiers.js';
import type { LogEntryJson } from './log-entry.js';
import { canonicalizeProposedEntry } from './proposed-entry.js';
import { signEntryTimestamp } from './signed-entry-timestamp.js';
import { verifyLogEntry } from './verify-log-entry.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const TIME = Math.floor(NOW.getTime() / 1000) - 10;

function logKey() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A log of `size` entries signed by `key`, and the returned entry at `index`. */
function makeEntry(
  key: { privateKey: KeyObject; publicKey: KeyObject },
  size: number,
  index: number,
  time = TIME,
) {
  const signer = checkpointSigner(key.privateKey);
  const tree = new InMemoryMerkleTree();
  const bodies = Array.from({ length: size }, (_, i) =>
    canonicalizeProposedEntry(hashedRekordProposal(testKey(), Buffer.from(`artifact ${i}`))),
  );
  for (const e of bodies) tree.append(e.leafHash);
  const body = Buffer.from(bodies[index]!.body).toString('base64');
  const logID = logIdOf(key.publicKey);
  const set = signEntryTimestamp(signer, { body, integratedTime: time, logID, logIndex: index });
  const checkpoint = signCheckpoint(
    formatCheckpoint({ origin: 'localhost - 7', size, rootHash: tree.root(), otherContent: [] }),
    signer,
    'localhost',
    rekorKeyHint(key.publicKey),
  );
  const entry: LogEntryJson = {
    body,
    integratedTime: time,
    logID,
    logIndex: index,
    verification: {
      signedEntryTimestamp: Buffer.from(set).toString('base64'),
      inclusionProof: {
        logIndex: index,
        rootHash: Buffer.from(tree.root()).toString('hex'),
        treeSize: size,
        hashes: inclusionProof(index, size, tree).map((h) => Buffer.from(h).toString('hex')),
        checkpoint,
      },
    },
  };
  return { entry, tree, uuid: bodies[index]!.uuid };
}

describe('verifyLogEntry', () => {
  const key = logKey();

  it('accepts an entry with a valid SET, checkpoint and inclusion proof', () => {
    const { entry, uuid } = makeEntry(key, 5, 3);
    const verified = verifyLogEntry(entry, key.publicKey, { now: NOW, entryId: uuid });
    assert.equal(verified.logIndex, 3);
    assert.equal(verified.checkpoint.size, 5);
  });

  const tampered: [string, (e: LogEntryJson, other: LogEntryJson) => LogEntryJson, string][] = [
    ['a changed entry body', (e, o) => ({ ...e, body: o.body }), 'TLOG_SET_INVALID'],
    ['a changed log index', (e) => ({ ...e, logIndex: e.logIndex + 1 }), 'TLOG_SET_INVALID'],
    [
      'a wrong SET',
      (e, o) => ({
        ...e,
        verification: {
          ...e.verification,
          signedEntryTimestamp: o.verification!.signedEntryTimestamp,
        },
      }),
      'TLOG_SET_INVALID',
    ],
    [
      'a missing SET',
      (e) => ({ ...e, verification: { inclusionProof: e.verification!.inclusionProof } }),
      'TLOG_SET_INVALID',
    ],
    [
      'a proof for another tree size',
      (e) => ({
        ...e,
        verification: {
          ...e.verification,
          inclusionProof: { ...e.verification!.inclusionProof!, treeSize: 6 },
        },
      }),
      'TLOG_LOG_ENTRY_INVALID',
    ],
    [
      'a proof with a corrupted hash',
      (e) => {
        const proof = e.verification!.inclusionProof!;
        const hashes = [...proof.hashes];
        hashes[0] = '00'.repeat(32);
        return { ...e, verification: { ...e.verification, inclusionProof: { ...proof, hashes } } };
      },
      'TLOG_LOG_ENTRY_INVALID',
    ],
    ['another log ID', (e) => ({ ...e, logID: '00'.repeat(32) }), 'TLOG_LOG_ENTRY_INVALID'],
  ];
  for (const [name, tamper, code] of tampered) {
    it(`rejects ${name}`, () => {
      const { entry } = makeEntry(key, 5, 3);
      const { entry: other } = makeEntry(key, 5, 2);
      assert.throws(() => verifyLogEntry(tamper(entry, other), key.publicKey, { now: NOW }), {
        code,
      });
    });
  }

  it('rejects a checkpoint signed by another key', () => {
    const { entry } = makeEntry(key, 5, 3);
    const { entry: foreign } = makeEntry(logKey(), 5, 3);
    const proof = {
      ...entry.verification!.inclusionProof!,
      checkpoint: foreign.verification!.inclusionProof!.checkpoint,
    };
    assert.throws(
      () =>
        verifyLogEntry(
          { ...entry, verification: { ...entry.verification, inclusionProof: proof } },
          key.publicKey,
          { now: NOW },
        ),
      { code: 'TLOG_LOG_ENTRY_INVALID', message: /checkpoint/ },
    );
  });

  it('rejects an entry verified with another log key', () => {
    const { entry } = makeEntry(key, 5, 3);
    assert.throws(() => verifyLogEntry(entry, logKey().publicKey, { now: NOW }), {
      code: 'TLOG_LOG_ENTRY_INVALID',
    });
  });

  it('rejects an integrated time in the future, even when the log signed it', () => {
    const { entry } = makeEntry(key, 5, 3, TIME + 3600);
    assert.throws(() => verifyLogEntry(entry, key.publicKey, { now: NOW }), {
      code: 'TLOG_ENTRY_TIME_INVALID',
    });
  });

  it('rejects a body that does not match the entry ID it was returned under', () => {
    const { entry } = makeEntry(key, 5, 3);
    assert.throws(
      () => verifyLogEntry(entry, key.publicKey, { now: NOW, entryId: 'ab'.repeat(32) }),
      {
        code: 'TLOG_LOG_ENTRY_INVALID',
      },
    );
  });
});
