import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEntryUrl } from './entry-url.js';

const UUID = 'a'.repeat(64);

describe('log entry URLs', () => {
  it('read the logIndex form Tekton Chains writes into run annotations', () => {
    assert.deepEqual(parseEntryUrl('https://rekor.example/api/v1/log/entries?logIndex=42'), {
      logUrl: 'https://rekor.example',
      kind: 'index',
      logIndex: '42',
    });
  });

  it('read the entry path form, keeping a log served under a path prefix', () => {
    assert.deepEqual(parseEntryUrl(`http://127.0.0.1:3000/tlog/api/v1/log/entries/${UUID}`), {
      logUrl: 'http://127.0.0.1:3000/tlog',
      kind: 'uuid',
      uuid: UUID,
    });
    const entryId = `${'0'.repeat(16)}${UUID}`;
    assert.equal(parseEntryUrl(`http://h/api/v1/log/entries/${entryId}`).kind === 'uuid', true);
  });

  it('refuse URLs that name no entry, with the reason', () => {
    for (const [text, reason] of [
      ['not a url', /is not a URL/],
      ['ftp://h/api/v1/log/entries?logIndex=1', /must be http or https/],
      ['http://h/api/v1/log/publicKey', /has no \/api\/v1\/log\/entries path/],
      ['http://h/api/v1/log/entries', /names no entry/],
      ['http://h/api/v1/log/entries?logIndex=-1', /names no entry/],
      ['http://h/api/v1/log/entries/xyz', /is not a 64-hex UUID or an 80-hex entry ID/],
    ] as const) {
      assert.throws(() => parseEntryUrl(text), reason, text);
    }
  });
});
