import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entryIdOf, isTreeId, parseEntryReference } from './identifiers.js';

const uuid = 'ab'.repeat(32);

describe('entry identifiers', () => {
  it('writes the tree ID as 16 zero-padded hex digits before the UUID', () => {
    // The public Rekor shard 1193050959916656506: its entry IDs all begin 108e9186e8c5677a.
    assert.equal(entryIdOf('1193050959916656506', uuid), `108e9186e8c5677a${uuid}`);
    assert.equal(entryIdOf('5', uuid), `0000000000000005${uuid}`);
  });

  it('reads a UUID or an entry ID, in either case', () => {
    assert.deepEqual(parseEntryReference(uuid.toUpperCase()), { uuid });
    assert.deepEqual(parseEntryReference(entryIdOf('42', uuid)), { uuid, treeId: '42' });
  });

  for (const bad of ['', 'xyz', 'ab'.repeat(33), `${uuid}0`]) {
    it(`rejects the reference "${bad.slice(0, 12)}…" (${bad.length} characters)`, () => {
      assert.throws(() => parseEntryReference(bad), { code: 'TLOG_ENTRY_REFERENCE_INVALID' });
    });
  }

  it('accepts tree IDs from 1 to 2^63 - 1 only', () => {
    assert.ok(isTreeId('1'));
    assert.ok(isTreeId('9223372036854775807'));
    assert.ok(!isTreeId('0'));
    assert.ok(!isTreeId('9223372036854775808'));
    assert.ok(!isTreeId('01'));
  });
});
