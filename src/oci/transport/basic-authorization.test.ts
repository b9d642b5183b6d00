import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorization } from './basic-authorization.js';

describe('basicAuthorization', () => {
  it('encodes user and password as UTF-8, the password kept whole after the first colon', () => {
    const header = basicAuthorization({ username: 'zoë', password: 'p:w' });
    assert.equal(header, `Basic ${Buffer.from('zoë:p:w', 'utf8').toString('base64')}`);
  });

  it('sends nothing for a login without both a username and a password', () => {
    assert.equal(basicAuthorization(undefined), undefined);
    assert.equal(basicAuthorization({ username: 'bob' }), undefined);
    assert.equal(basicAuthorization({ password: 'pw' }), undefined);
    assert.equal(basicAuthorization({ identityToken: 'refresh' }), undefined);
  });
});
