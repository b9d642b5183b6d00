import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type HashName, type PrivateKey } from '../../core/keys/index.js';
import type { SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { cosignSignatureLayer } from '../../testing/cosign-evidence.js';
import { createVerifier } from '../../signing/verify/index.js';
import type { PolicyHash } from '../types.js';
import { checkSignatures } from './signatures.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
let p384: PrivateKey;

const layer = (key: PrivateKey, hash: HashName, digest = DIGEST, signature?: string) =>
  cosignSignatureLayer(key, digest, { repository: 'registry.example/app', hash, signature });

function check(hash: PolicyHash | undefined, layers: SignatureLayer[]) {
  return checkSignatures(
    p384.publicKey,
    hash,
    createVerifier({ keys: [p384.publicKey] }),
    layers,
    DIGEST,
  );
}

describe('checking signatures against an authority key', () => {
  before(async () => {
    p384 = await generateKeyPair('ecdsa-p384');
  });

  it("accepts cosign's hashes per key type when the policy names none", () => {
    const legacy = { ok: true, matched: [{ format: 'legacy' }] };
    assert.deepEqual(check(undefined, [layer(p384, 'sha384')]), legacy);
    assert.deepEqual(check(undefined, [layer(p384, 'sha256')]), legacy); // cosign before v2.5
  });

  it('accepts only the hash the policy names', () => {
    assert.deepEqual(check('sha512', [layer(p384, 'sha512')]), {
      ok: true,
      matched: [{ format: 'legacy' }],
    });
    assert.deepEqual(check('sha512', [layer(p384, 'sha384')]), {
      ok: false,
      found: 1,
      detail: '1 signature found, none verifies with the key',
    });
  });

  const failures: [string, PolicyHash | undefined, () => SignatureLayer[], string][] = [
    ['no signatures', undefined, () => [], 'no signatures found'],
    [
      'a signature of another digest',
      'sha384',
      () => [layer(p384, 'sha384', `sha256:${'2e'.repeat(32)}`)],
      `1 signature found: a signature signs sha256:${'2e'.repeat(32)}, not this image`,
    ],
    [
      'a signature that is not base64',
      'sha384',
      () => [layer(p384, 'sha384', DIGEST, '***')],
      '1 signature found: a signature annotation is not base64',
    ],
    [
      'a layer without signature',
      'sha384',
      () => [layer(p384, 'sha384', DIGEST, '')],
      '1 signature found: a signature layer has no signature annotation',
    ],
  ];
  for (const [name, hash, layers, detail] of failures) {
    it(`explains ${name}`, () => {
      const result = check(hash, layers());
      assert.equal(result.ok, false);
      assert.equal(result.ok ? '' : result.detail, detail);
    });
  }
});
