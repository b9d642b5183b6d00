import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../core/errors.js';
import { credentialsFromEnv } from './environment-credentials.js';

const LOGIN = { username: 'ci-bot', password: 'SECRET:env' };
const ENV = { SIGNET_REGISTRY_USERNAME: LOGIN.username, SIGNET_REGISTRY_PASSWORD: LOGIN.password };

describe('credentialsFromEnv', () => {
  it('is anonymous when the variables are not set or empty', () => {
    assert.equal(credentialsFromEnv({}).credentialFor('ghcr.io'), undefined);
    assert.equal(
      credentialsFromEnv({
        SIGNET_REGISTRY_USERNAME: '',
        SIGNET_REGISTRY_PASSWORD: '',
      }).credentialFor('ghcr.io'),
      undefined,
    );
  });

  it('offers the login to every registry when SIGNET_REGISTRY is not set', () => {
    const provider = credentialsFromEnv(ENV);
    assert.deepEqual(provider.credentialFor('ghcr.io'), LOGIN);
    assert.deepEqual(provider.credentialFor('localhost:5000'), LOGIN);
  });

  it('offers the login to SIGNET_REGISTRY only when it is set', () => {
    const provider = credentialsFromEnv({
      ...ENV,
      SIGNET_REGISTRY: 'https://registry.example.com:5000',
    });
    assert.deepEqual(provider.credentialFor('registry.example.com:5000'), LOGIN);
    assert.equal(provider.credentialFor('registry.example.com'), undefined);
    assert.equal(provider.credentialFor('docker.io'), undefined);
  });

  it('scopes to Docker Hub under any of its names', () => {
    const provider = credentialsFromEnv({ ...ENV, SIGNET_REGISTRY: 'docker.io' });
    assert.deepEqual(provider.credentialFor('index.docker.io'), LOGIN);
  });

  for (const [set, unset] of [
    ['SIGNET_REGISTRY_USERNAME', 'SIGNET_REGISTRY_PASSWORD'],
    ['SIGNET_REGISTRY_PASSWORD', 'SIGNET_REGISTRY_USERNAME'],
  ] as const) {
    it(`rejects ${set} without ${unset}, naming both and not the value`, () => {
      assert.throws(
        () => credentialsFromEnv({ [set]: 'SECRET' }),
        (error: unknown) => {
          assert.ok(error instanceof SignetError);
          assert.equal(error.code, 'CREDENTIALS_INVALID');
          assert.equal(
            error.message,
            `environment: ${set} is set but ${unset} is not; set both or neither`,
          );
          return true;
        },
      );
    });
  }
});
