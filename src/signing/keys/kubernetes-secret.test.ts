import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import {
  isKubernetesReference,
  keyPairFromSecret,
  keyPairSecret,
  parseKubernetesReference,
} from './kubernetes-secret.js';

describe('cosign key pairs in Kubernetes Secrets', () => {
  it('reads k8s://NAMESPACE/NAME', () => {
    assert.deepEqual(parseKubernetesReference('k8s://signing/cosign-keys'), {
      namespace: 'signing',
      name: 'cosign-keys',
    });
    assert.equal(isKubernetesReference('k8s://a/b'), true);
    assert.equal(isKubernetesReference('./cosign.key'), false);
  });

  for (const bad of [
    'k8s://',
    'k8s://ns',
    'k8s://ns/',
    'k8s:///name',
    'k8s://ns/a/b',
    'k8s://NS/name',
    'k8s://ns/Name_1',
    'k8s://-ns/name',
  ]) {
    it(`refuses the malformed reference ${bad}`, () => {
      assert.throws(
        () => parseKubernetesReference(bad),
        (error: unknown) =>
          isSignetError(error) &&
          error.code === 'KUBERNETES_REFERENCE_INVALID' &&
          error.message.includes(bad),
      );
    });
  }

  it('builds an immutable Secret with the three data keys cosign uses', () => {
    const secret = keyPairSecret(
      { namespace: 'ns', name: 'keys' },
      { privateKeyPem: 'PRIVATE', publicKeyPem: 'PUBLIC', password: 'pw' },
    );
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.immutable, true);
    assert.deepEqual(secret.metadata, { name: 'keys', namespace: 'ns' });
    assert.deepEqual(Object.keys(secret.data).sort(), [
      'cosign.key',
      'cosign.password',
      'cosign.pub',
    ]);
    assert.equal(Buffer.from(secret.data['cosign.pub'], 'base64').toString(), 'PUBLIC');
  });

  it('reads the key pair back from the Secret data', () => {
    const location = { namespace: 'ns', name: 'keys' };
    const secret = keyPairSecret(location, { privateKeyPem: 'K', publicKeyPem: 'P', password: '' });
    assert.deepEqual(keyPairFromSecret(location, secret), {
      privateKeyPem: 'K',
      publicKeyPem: 'P',
      password: '',
    });
    assert.deepEqual(keyPairFromSecret(location, {}), {});
  });

  it('refuses Secret data that is not base64', () => {
    assert.throws(
      () => keyPairFromSecret({ namespace: 'ns', name: 'keys' }, { data: { 'cosign.pub': '***' } }),
      (error: unknown) =>
        isSignetError(error) &&
        error.code === 'KUBERNETES_SECRET_INVALID' &&
        /ns\/keys/.test(error.message),
    );
  });
});
