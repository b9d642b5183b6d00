import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeProposedEntry, canonicalizeProposedEntryBytes } from './proposed-entry.js';
import { MAX_PROPOSED_ENTRY_BYTES } from './limits.js';

describe('proposed entries', () => {
  const unsupported: [string, unknown, string][] = [
    ['an array', [], 'TLOG_ENTRY_MALFORMED'],
    ['no kind', { apiVersion: '0.0.1', spec: {} }, 'TLOG_ENTRY_MALFORMED'],
    [
      'the rekord kind',
      { kind: 'rekord', apiVersion: '0.0.1', spec: {} },
      'TLOG_ENTRY_UNSUPPORTED',
    ],
    ['intoto 0.0.2', { kind: 'intoto', apiVersion: '0.0.2', spec: {} }, 'TLOG_ENTRY_UNSUPPORTED'],
    [
      'hashedrekord 0.0.2',
      { kind: 'hashedrekord', apiVersion: '0.0.2', spec: {} },
      'TLOG_ENTRY_UNSUPPORTED',
    ],
  ];
  for (const [name, proposal, code] of unsupported) {
    it(`rejects ${name}`, () => assert.throws(() => canonicalizeProposedEntry(proposal), { code }));
  }

  it('rejects bytes that are not JSON', () => {
    assert.throws(() => canonicalizeProposedEntryBytes(Buffer.from('{"kind":')), {
      code: 'TLOG_ENTRY_MALFORMED',
    });
  });

  it('rejects a body over the size limit before parsing it', () => {
    assert.throws(
      () => canonicalizeProposedEntryBytes(Buffer.alloc(MAX_PROPOSED_ENTRY_BYTES + 1)),
      {
        code: 'TLOG_ENTRY_TOO_LARGE',
      },
    );
  });
});
