import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { isSignetError } from '../../core/errors.js';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { buildSignStatement, bundleKeyHint, encodeDsseBundle, signDsse } from '../bundle/index.js';
import { CosignAnnotation, CosignMediaType, buildSimpleSigningPayload } from '../cosign/index.js';
import { cosignSignatureOf } from '../sign/cosign-signature.js';
import { encodeCosignSignatureLines } from './cosign-signature-lines.js';
import { createImageVerifier } from './image-verifier.js';
import { encodeSignatureSet, parseSignatureFile, type SignatureSet } from './signature-set.js';

const imageDigest = digestOf(new TextEncoder().encode('image'));
const otherDigest = digestOf(new TextEncoder().encode('other'));
const rekorBundle = {
  SignedEntryTimestamp: 'c2V0',
  Payload: { body: 'Ym9keQ==', integratedTime: 1, logIndex: 2, logID: 'ab' },
};

describe("cosign's download signature lines", () => {
  let key: PrivateKey;
  let set: SignatureSet;
  before(async () => {
    key = await generateKeyPair('ecdsa-p256');
    const payload = buildSimpleSigningPayload({
      dockerReference: 'r.example/app',
      manifestDigest: imageDigest,
    });
    const bundle = encodeDsseBundle(
      signDsse(key, buildSignStatement(imageDigest)),
      bundleKeyHint(key.publicKey),
    );
    set = {
      imageDigest,
      legacy: {
        reference: 'r.example/app:sha256-x.sig',
        manifestDigest: otherDigest,
        layers: [
          {
            mediaType: CosignMediaType.SimpleSigning,
            payload,
            annotations: {
              [CosignAnnotation.Signature]: cosignSignatureOf(key, payload),
              [CosignAnnotation.Bundle]: JSON.stringify(rekorBundle),
            },
          },
        ],
      },
      bundles: [
        { reference: 'r.example/app@sha256:y', manifestDigest: otherDigest, bytes: bundle },
      ],
      problems: [],
    };
  });

  it("prints one line per signature in cosign's shape, bundles first", () => {
    const lines = encodeCosignSignatureLines(set).trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[0]!).mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    const legacy = JSON.parse(lines[1]!);
    assert.deepEqual(Object.keys(legacy), [
      'Base64Signature',
      'Payload',
      'Cert',
      'Chain',
      'Bundle',
      'RFC3161Timestamp',
    ]);
    assert.deepEqual(legacy.Bundle, rekorBundle);
    assert.equal(legacy.Cert, null);
  });

  it('reads its own lines back into signatures that verify for the image only', () => {
    const text = encodeCosignSignatureLines(set);
    const verifier = createImageVerifier({ keys: [key.publicKey] });
    const read = parseSignatureFile(text, 'sigs.jsonl', imageDigest);
    const result = verifier.verify(read);
    assert.deepEqual(
      result.verified.map((s) => s.layout),
      ['legacy', 'bundle'],
    );
    assert.deepEqual(result.verified[0]?.rekorBundle, rekorBundle);
    const elsewhere = verifier.verify(parseSignatureFile(text, 'sigs.jsonl', otherDigest));
    assert.equal(elsewhere.ok, false);
    assert.equal(elsewhere.code, 'NO_MATCHING_SIGNATURE');
  });

  it("still reads Signet's signature set, and refuses one made for another digest", () => {
    const text = encodeSignatureSet(set);
    assert.equal(parseSignatureFile(text, 'set.json', imageDigest).bundles.length, 1);
    assert.throws(
      () => parseSignatureFile(text, 'set.json', otherDigest),
      (e: unknown) => isSignetError(e) && e.code === 'SIGNATURE_SET_INVALID',
    );
  });

  for (const [what, text, problem] of [
    ['a line that is not JSON', '{"Base64Signature":', /line 1/],
    ['a line that is neither form', '{"hello":"world"}', /line 1 is neither/],
    ['a signature without its payload', '\n{"Base64Signature":"AA=="}', /line 2: Payload/],
    ['a JSON array', '[1]', /line 1 is not a JSON object/],
  ] as const) {
    it(`refuses ${what}, naming the line`, () => {
      assert.throws(
        () => parseSignatureFile(text, 'sigs.jsonl', imageDigest),
        (e: unknown) =>
          isSignetError(e) && e.code === 'SIGNATURE_SET_INVALID' && problem.test(e.message),
      );
    });
  }
});
