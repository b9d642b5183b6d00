import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import {
  buildSignStatement,
  encodeDsseBundle,
  parseSigstoreBundle,
  signDsse,
  verifySignBundle,
} from './index.js';

const encoder = new TextEncoder();
const imageDigest = digestOf(encoder.encode('image'));
const otherDigest = digestOf(encoder.encode('other'));

function bundleFor(key: PrivateKey, statement: Uint8Array, payloadType?: string): Uint8Array {
  return encodeDsseBundle(signDsse(key, statement, payloadType), key.publicKey.keyId);
}

describe('cosign v3 signature bundles', () => {
  const keys: Record<string, PrivateKey> = {};
  before(async () => {
    keys.p256 = await generateKeyPair('ecdsa-p256');
    keys.ed25519 = await generateKeyPair('ed25519');
    keys.other = await generateKeyPair('ecdsa-p256');
  });
  const context = (key: PrivateKey, annotations: Record<string, string> = {}) => ({
    keys: [key.publicKey],
    annotations,
    imageDigest,
  });

  for (const kind of ['p256', 'ed25519']) {
    it(`verifies a bundle signed with an ${kind} key`, () => {
      const key = keys[kind]!;
      const result = verifySignBundle(
        bundleFor(key, buildSignStatement(imageDigest)),
        'b',
        context(key),
      );
      assert.equal(result.status, 'verified', result.message);
      assert.equal(result.keyId, key.publicKey.keyId);
      assert.deepEqual(result.checks, {
        signature: 'ok',
        digest: 'ok',
        tlog: 'absent',
        certificate: 'absent',
      });
    });
  }

  it('writes the v0.3 JSON as cosign does: key hint, empty tlog entries and keyid left out', () => {
    const bytes = bundleFor(keys.p256!, buildSignStatement(imageDigest));
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    assert.equal(doc.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    assert.deepEqual(doc.verificationMaterial, {
      publicKey: { hint: keys.p256!.publicKey.keyId },
    });
    assert.deepEqual(Object.keys(doc.dsseEnvelope.signatures[0]), ['sig']);
    assert.equal(doc.dsseEnvelope.payloadType, 'application/vnd.in-toto+json');
    const statement = JSON.parse(Buffer.from(doc.dsseEnvelope.payload, 'base64').toString());
    assert.deepEqual(statement, {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: imageDigest.slice(7) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    });
  });

  const cases: {
    name: string;
    make: () => Uint8Array;
    key?: string;
    annotations?: Record<string, string>;
    reason: string;
    status?: string;
  }[] = [
    {
      name: 'rejects a signature made with another key',
      make: () => bundleFor(keys.other!, buildSignStatement(imageDigest)),
      reason: 'signature-invalid',
    },
    {
      name: 'rejects a statement for another digest',
      make: () => bundleFor(keys.p256!, buildSignStatement(otherDigest)),
      reason: 'digest-mismatch',
    },
    {
      name: 'rejects a foreign payload type',
      make: () => bundleFor(keys.p256!, buildSignStatement(imageDigest), 'text/plain'),
      reason: 'payload-type-unknown',
    },
    {
      name: 'rejects missing required annotations',
      make: () => bundleFor(keys.p256!, buildSignStatement(imageDigest, { env: 'dev' })),
      annotations: { env: 'prod' },
      reason: 'annotation-mismatch',
    },
    {
      name: 'rejects malformed JSON',
      make: () => encoder.encode('{"mediaType":'),
      reason: 'bundle-invalid',
    },
    {
      name: 'rejects an unknown media type',
      make: () => encoder.encode('{"mediaType":"x","verificationMaterial":{}}'),
      reason: 'bundle-invalid',
    },
    {
      name: 'skips an attestation of another predicate type',
      make: () =>
        bundleFor(
          keys.p256!,
          encoder.encode(
            JSON.stringify({
              _type: 'https://in-toto.io/Statement/v1',
              subject: [{ digest: { sha256: imageDigest.slice(7) } }],
              predicateType: 'https://slsa.dev/provenance/v1',
              predicate: {},
            }),
          ),
        ),
      reason: 'not-a-sign-bundle',
      status: 'skipped',
    },
    {
      name: 'rejects a payload swapped after signing',
      make: () => {
        const envelope = signDsse(keys.p256!, buildSignStatement(otherDigest));
        const swapped = { ...envelope, payload: buildSignStatement(imageDigest) };
        return encodeDsseBundle(swapped, '');
      },
      reason: 'signature-invalid',
    },
    {
      name: 'does not trust a certificate-bound bundle',
      make: () => {
        const envelope = JSON.parse(
          encodeDsseEnvelope(signDsse(keys.p256!, buildSignStatement(imageDigest))),
        );
        return encoder.encode(
          JSON.stringify({
            mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
            verificationMaterial: { certificate: { rawBytes: 'AA==' } },
            dsseEnvelope: envelope,
          }),
        );
      },
      reason: 'certificate-not-trusted',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = verifySignBundle(
        c.make(),
        'bundle sha256:x',
        context(keys.p256!, c.annotations),
      );
      assert.equal(result.reason, c.reason, result.message);
      assert.equal(result.status, c.status ?? 'failed');
      assert.match(result.message, /^bundle sha256:x: /);
    });
  }

  it('accepts the annotations it signed', () => {
    const bytes = bundleFor(keys.p256!, buildSignStatement(imageDigest, { env: 'prod' }));
    assert.equal(
      verifySignBundle(bytes, 'b', context(keys.p256!, { env: 'prod' })).status,
      'verified',
    );
  });

  it('counts tlog entries without claiming to have checked them', () => {
    const doc = JSON.parse(
      new TextDecoder().decode(bundleFor(keys.p256!, buildSignStatement(imageDigest))),
    );
    doc.verificationMaterial.tlogEntries = [{ logIndex: '1' }];
    const parsed = parseSigstoreBundle(encoder.encode(JSON.stringify(doc)), 'b');
    assert.equal(parsed.tlogEntries, 1);
    const result = verifySignBundle(encoder.encode(JSON.stringify(doc)), 'b', context(keys.p256!));
    assert.equal(result.checks.tlog, 'not-checked');
  });
});
