import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { allows, parseRoleTokens } from './tokens.js';

const VIEWER = 'v'.repeat(20);
const WRITER = 'w'.repeat(20);
const ADMIN = 'a'.repeat(20);

describe('API role tokens', () => {
  const tokens = parseRoleTokens(
    `# comment\n\nviewer ${VIEWER}\nwriter ${WRITER}\r\nadmin ${ADMIN}\n`,
    'tokens.txt',
  );

  it('knows each token by its role and a hash, never the token', () => {
    assert.equal(tokens.count, 3);
    assert.equal(tokens.identify(`Bearer ${VIEWER}`)?.role, 'viewer');
    assert.equal(tokens.identify(`Bearer ${WRITER}`)?.role, 'writer');
    const admin = tokens.identify(`bearer ${ADMIN}`);
    assert.equal(admin?.role, 'admin');
    assert.match(admin.identity, /^token:[0-9a-f]{12}$/);
    assert.equal(tokens.identify(`Bearer ${'x'.repeat(20)}`), undefined);
    assert.equal(tokens.identify(VIEWER), undefined);
    assert.equal(tokens.identify(undefined), undefined);
  });

  it('nests roles: admins write, writers read, viewers only read', () => {
    assert.ok(allows('admin', 'writer'));
    assert.ok(allows('writer', 'viewer'));
    assert.ok(!allows('viewer', 'writer'));
    assert.ok(!allows('writer', 'admin'));
  });

  it('refuses bad files by line number without quoting a token', () => {
    for (const [text, pattern] of [
      ['', /holds no token/],
      [`root ${ADMIN}`, /line 1 is not "ROLE TOKEN"/],
      [`viewer ${VIEWER} extra`, /line 1/],
      ['viewer', /line 1/],
      ['viewer short', /shorter than 16/],
    ] as const) {
      assert.throws(
        () => parseRoleTokens(text, 'tokens.txt'),
        (e) =>
          isSignetError(e) &&
          e.code === 'UI_TOKEN_FILE_INVALID' &&
          pattern.test(e.message) &&
          !e.message.includes(ADMIN) &&
          !e.message.includes('short '),
      );
    }
  });
});
