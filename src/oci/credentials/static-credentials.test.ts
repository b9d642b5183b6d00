import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeProvider, type CredentialProvider } from './credential.js';
import { anonymous, chainCredentials, staticCredentials } from './static-credentials.js';

const LOGIN = { username: 'ci', password: 'SECRET-pw' };

describe('staticCredentials', () => {
  it('answers for its registry only', () => {
    const provider = staticCredentials('ghcr.io', LOGIN);
    assert.deepEqual(provider.credentialFor('ghcr.io'), LOGIN);
    assert.deepEqual(provider.credentialFor('GHCR.io'), LOGIN);
    assert.equal(provider.credentialFor('ghcr.io.evil.example'), undefined);
    assert.equal(provider.credentialFor('quay.io'), undefined);
  });

  it('tells registries on other ports apart', () => {
    const provider = staticCredentials('localhost:5000', LOGIN);
    assert.deepEqual(provider.credentialFor('localhost:5000'), LOGIN);
    assert.equal(provider.credentialFor('localhost:5001'), undefined);
    assert.equal(provider.credentialFor('localhost'), undefined);
  });

  it('answers for Docker Hub under any of its names', () => {
    const provider = staticCredentials('index.docker.io', LOGIN);
    for (const name of [
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
      'https://index.docker.io/v1/',
    ]) {
      assert.deepEqual(provider.credentialFor(name), LOGIN, name);
    }
  });

  it('gives no login when every part is empty', () => {
    assert.equal(
      staticCredentials('ghcr.io', { username: '', password: '' }).credentialFor('ghcr.io'),
      undefined,
    );
  });

  it('rejects a registry name with no host', () => {
    assert.throws(() => staticCredentials('https://', LOGIN), {
      code: 'CREDENTIALS_INVALID',
      message: 'registry credentials: "https://" does not name a registry host',
    });
  });

  it('does not print the password', () => {
    const provider = staticCredentials('ghcr.io', LOGIN);
    assert.equal(describeProvider(provider), 'credentials for ghcr.io (username "ci", a password)');
    assert.equal(
      describeProvider(chainCredentials(provider, anonymous, { credentialFor: () => undefined })),
      'chain of credentials for ghcr.io (username "ci", a password), anonymous, custom credential provider',
    );
  });
});

describe('chainCredentials', () => {
  const record = (asked: string[], name: string, answer?: object): CredentialProvider => ({
    credentialFor: (registry) => {
      asked.push(`${name}:${registry}`);
      return answer;
    },
  });

  it('returns the first login found and stops asking', () => {
    const asked: string[] = [];
    const chain = chainCredentials(
      record(asked, 'a'),
      record(asked, 'b', LOGIN),
      record(asked, 'c', { username: 'x' }),
    );
    assert.deepEqual(chain.credentialFor('ghcr.io'), LOGIN);
    assert.deepEqual(asked, ['a:ghcr.io', 'b:ghcr.io']);
  });

  it('is anonymous when no provider has a login, or when empty', () => {
    assert.equal(chainCredentials(anonymous, anonymous).credentialFor('ghcr.io'), undefined);
    assert.equal(chainCredentials().credentialFor('ghcr.io'), undefined);
  });

  it('lets an earlier login shadow a provider that would fail', () => {
    const failing: CredentialProvider = {
      credentialFor: () => {
        throw new Error('not asked');
      },
    };
    assert.deepEqual(
      chainCredentials(staticCredentials('ghcr.io', LOGIN), failing).credentialFor('ghcr.io'),
      LOGIN,
    );
  });
});

describe('anonymous', () => {
  it('has no login for any registry', () => {
    assert.equal(anonymous.credentialFor('docker.io'), undefined);
  });
});
