import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { buildSignStatement, encodeDsseBundle, signDsse } from '../bundle/index.js';
import { CosignAnnotation, CosignMediaType, buildSimpleSigningPayload } from '../cosign/index.js';
import { cosignSignatureOf } from '../sign/cosign-signature.js';
import { createImageVerifier, imageVerificationError } from './image-verifier.js';
import { encodeSignatureSet, parseSignatureSet, type SignatureSet } from './signature-set.js';

const imageDigest = digestOf(new TextEncoder().encode('image'));

function legacyLayer(key: PrivateKey, digest = imageDigest) {
  const payload = buildSimpleSigningPayload({
    dockerReference: 'r.example/app',
    manifestDigest: digest,
  });
  return {
    mediaType: CosignMediaType.SimpleSigning,
    payload,
    annotations: { [CosignAnnotation.Signature]: cosignSignatureOf(key, payload) },
  };
}

function setOf(parts: Partial<SignatureSet>): SignatureSet {
  return { imageDigest, bundles: [], problems: [], ...parts };
}

describe('verifying an image over both signature layouts', () => {
  let key: PrivateKey;
  let other: PrivateKey;
  before(async () => {
    key = await generateKeyPair('ecdsa-p256');
    other = await generateKeyPair('ecdsa-p256');
  });

  it('verifies legacy layers and bundles together and reports each', () => {
    const bundle = encodeDsseBundle(
      signDsse(key, buildSignStatement(imageDigest)),
      key.publicKey.keyId,
    );
    const set = setOf({
      legacy: {
        reference: 'r/app:sha256-x.sig',
        manifestDigest: imageDigest,
        layers: [legacyLayer(key), legacyLayer(other)],
      },
      bundles: [{ reference: 'r/app@sha256:b', manifestDigest: imageDigest, bytes: bundle }],
    });
    const result = createImageVerifier({ keys: [key.publicKey] }).verify(set);
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.signatures.map((s) => [s.layout, s.status]),
      [
        ['legacy', 'verified'],
        ['legacy', 'failed'],
        ['bundle', 'verified'],
      ],
    );
    assert.equal(imageVerificationError(result, 'r/app'), undefined);
  });

  it('says NO_SIGNATURES when nothing is a signature and NO_MATCHING_SIGNATURE when none verifies', () => {
    const verifier = createImageVerifier({ keys: [key.publicKey] });
    const none = verifier.verify(
      setOf({
        legacy: {
          reference: 'r',
          manifestDigest: imageDigest,
          layers: [{ mediaType: 'text/spdx', payload: new Uint8Array(), annotations: {} }],
        },
      }),
    );
    assert.equal(none.code, 'NO_SIGNATURES');
    assert.equal(imageVerificationError(none, 'r/app')?.code, 'NO_SIGNATURES');
    const wrong = verifier.verify(
      setOf({
        legacy: {
          reference: 'r',
          manifestDigest: imageDigest,
          layers: [legacyLayer(key, digestOf(new Uint8Array([1])))],
        },
        problems: ['layer 2 payload unreadable'],
      }),
    );
    assert.equal(wrong.code, 'NO_MATCHING_SIGNATURE');
    const error = imageVerificationError(wrong, 'r/app:1.0');
    assert.match(error?.message ?? '', /^r\/app:1\.0: .*digest-mismatch|not the image digest/);
    assert.match(error?.message ?? '', /layer 2 payload unreadable/);
  });

  it('reports an unreadable bundle as a failure, not a pass', () => {
    const result = createImageVerifier({ keys: [key.publicKey] }).verify(
      setOf({
        bundles: [
          {
            reference: 'r@sha256:b',
            manifestDigest: imageDigest,
            bytes: new Uint8Array(),
            problem: 'blob missing',
          },
        ],
      }),
    );
    assert.equal(result.code, 'NO_MATCHING_SIGNATURE');
    assert.equal(result.signatures[0]?.reason, 'bundle-unreadable');
  });
});

describe('downloaded signature sets', () => {
  it('round-trips through its JSON form', async () => {
    const key = await generateKeyPair('ed25519');
    const set = setOf({
      legacy: { reference: 'r', manifestDigest: imageDigest, layers: [legacyLayer(key)] },
      bundles: [{ reference: 'b', manifestDigest: imageDigest, bytes: new Uint8Array([123, 125]) }],
    });
    assert.deepEqual(parseSignatureSet(encodeSignatureSet(set), 'set.json'), set);
  });

  const bad: [string, string][] = [
    ['not JSON', '{'],
    ['another format', JSON.stringify({ format: 'x', imageDigest, bundles: [] })],
    [
      'a bad digest',
      JSON.stringify({ format: 'signet.signature-set/v1', imageDigest: 'sha256:1', bundles: [] }),
    ],
    [
      'a layer payload that is not base64',
      JSON.stringify({
        format: 'signet.signature-set/v1',
        imageDigest,
        legacy: {
          reference: 'r',
          manifestDigest: imageDigest,
          layers: [{ mediaType: 'm', payload: '***', annotations: {} }],
        },
        bundles: [],
      }),
    ],
    [
      'non-text annotations',
      JSON.stringify({
        format: 'signet.signature-set/v1',
        imageDigest,
        legacy: {
          reference: 'r',
          manifestDigest: imageDigest,
          layers: [{ mediaType: 'm', payload: '', annotations: { a: 1 } }],
        },
        bundles: [],
      }),
    ],
  ];
  for (const [name, text] of bad) {
    it(`refuses a set with ${name}`, () => {
      assert.throws(
        () => parseSignatureSet(text, 'set.json'),
        (e: { code?: string; message: string }) =>
          e.code === 'SIGNATURE_SET_INVALID' && e.message.startsWith('set.json: '),
      );
    });
  }
});
