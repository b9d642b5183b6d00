import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describeCredential, makeCredential } from './credential.js';

const FULL = {
  username: 'alice',
  password: 'SECRET-1',
  identityToken: 'SECRET-2',
  registryToken: 'SECRET-3',
};

describe('makeCredential', () => {
  it('keeps the parts given and reads like a plain object', () => {
    const credential = makeCredential(FULL);
    assert.deepEqual(credential, FULL);
    assert.deepEqual({ ...credential }, FULL);
    assert.ok(Object.isFrozen(credential));
  });

  it('drops empty parts and gives nothing when no part is left', () => {
    assert.deepEqual(makeCredential({ password: 'p', identityToken: '' }), { password: 'p' });
    assert.equal(makeCredential({}), undefined);
    assert.equal(makeCredential({ username: '', password: '' }), undefined);
  });

  it('keeps an empty user name that goes with a password', () => {
    assert.deepEqual(makeCredential({ username: '', password: 'token' }), {
      username: '',
      password: 'token',
    });
  });

  it('masks secrets in toString, JSON and inspect output', () => {
    const credential = makeCredential(FULL)!;
    const withToString = credential as unknown as { toString(): string };
    for (const printed of [
      withToString.toString(),
      JSON.stringify(credential),
      inspect(credential),
      `${inspect({ credential })}`,
    ]) {
      assert.ok(!printed.includes('SECRET'), printed);
      assert.ok(printed.includes('alice'), printed);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(credential)), {
      username: 'alice',
      password: '<redacted>',
      identityToken: '<redacted>',
      registryToken: '<redacted>',
    });
  });
});

describe('describeCredential', () => {
  it('says which parts are present without their values', () => {
    assert.equal(
      describeCredential(FULL),
      'username "alice", a password, an identity token, a registry token',
    );
    assert.equal(describeCredential({}), 'no credentials');
  });
});
