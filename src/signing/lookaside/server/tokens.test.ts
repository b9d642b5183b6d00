import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { parseTokenFile } from './tokens.js';

const TOKEN = 'a'.repeat(32);

describe('signature server tokens', () => {
  it('accepts a listed bearer token and nothing else', () => {
    const tokens = parseTokenFile(`# uploaders\n\n${TOKEN}\n${'b'.repeat(20)}\n`, 'tokens');
    assert.equal(tokens.count, 2);
    assert.equal(tokens.accepts(`Bearer ${TOKEN}`), true);
    assert.equal(tokens.accepts(`bearer ${'b'.repeat(20)}`), true);
    for (const header of [undefined, '', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, 'Bearer ']) {
      assert.equal(tokens.accepts(header), false, String(header));
    }
  });

  it('refuses a file without tokens or with a short one, never printing a token', () => {
    for (const text of ['', '# only a comment\n', 'short\n']) {
      assert.throws(
        () => parseTokenFile(text, '/etc/signet/tokens'),
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'LOOKASIDE_TOKENS_INVALID' &&
          e.message.includes('/etc/signet/tokens') &&
          !e.message.includes('short\n'),
      );
    }
  });
});
