import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parseLookasideBase, redactUrl, signatureUrl } from './layout.js';

const HEX = 'ab'.repeat(32);

describe('lookaside layout', () => {
  const table: [string, string][] = [
    ['file:///var/lib/sigs', `file:///var/lib/sigs/team/app@sha256=${HEX}/signature-3`],
    ['file:///var/lib/sigs/', `file:///var/lib/sigs/team/app@sha256=${HEX}/signature-3`],
    ['https://sigs.example', `https://sigs.example/team/app@sha256=${HEX}/signature-3`],
    [
      'https://sigs.example:8443/base',
      `https://sigs.example:8443/base/team/app@sha256=${HEX}/signature-3`,
    ],
  ];
  for (const [base, expected] of table) {
    it(`places signature 3 under ${base} with "=" in the digest`, () => {
      assert.equal(
        signatureUrl(parseLookasideBase(base), 'team/app', `sha256:${HEX}`, 3).href,
        expected,
      );
    });
  }

  it('refuses schemes other than file, http and https', () => {
    for (const base of ['ftp://x/y', 'docker://x', '/relative/path']) {
      assert.throws(
        () => parseLookasideBase(base),
        (e: unknown) => isSignetError(e) && e.code === 'LOOKASIDE_URL_UNSUPPORTED',
      );
    }
  });

  it('refuses repository paths that could leave the store', () => {
    assert.throws(() =>
      signatureUrl(parseLookasideBase('file:///s'), '../etc', `sha256:${HEX}`, 1),
    );
  });

  it('keeps credentials out of printed URLs', () => {
    assert.equal(redactUrl(new URL('https://user:secret@h/x')), 'https://redacted@h/x');
  });
});
