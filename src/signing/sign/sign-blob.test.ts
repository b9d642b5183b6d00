import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBase64 } from '../../core/base64.js';
import { generateKeyPair, signData, verifySignature, type KeyKind } from '../../core/keys/index.js';
import { createHash } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { createBundleVerifier } from '../../signing/keyless/index.js';
import { signBlob, signBlobBundle, verifyBlob } from './sign-blob.js';

const blob = new TextEncoder().encode('artefact');

describe('blob signatures', () => {
  for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa'] as KeyKind[]) {
    it(`verifies a ${kind} signature and rejects it for other bytes or another key`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      const other = await generateKeyPair(kind, { rsaBits: 2048 });
      const signature = signBlob(key, blob);
      assert.equal(
        verifyBlob([other.publicKey, key.publicKey], blob, `${signature}\n`)?.keyId,
        key.publicKey.keyId,
      );
      assert.equal(
        verifyBlob([key.publicKey], new TextEncoder().encode('artefact!'), signature),
        undefined,
      );
      assert.equal(verifyBlob([other.publicKey], blob, signature), undefined);
    });
  }

  it('signs Ed25519 blobs in pure form, as cosign sign-blob without a log, and accepts Ed25519ph', async () => {
    const key = await generateKeyPair('ed25519');
    const signature = Buffer.from(signBlob(key, blob), 'base64');
    assert.equal(verifySignature(key.publicKey, blob, signature, { ed25519: 'pure' }), true);
    const prehashed = encodeBase64(signData(key, blob, { ed25519: 'prehash' }));
    assert.equal(verifyBlob([key.publicKey], blob, prehashed)?.keyId, key.publicKey.keyId);
  });

  it('treats a signature that is not base64 as not valid', async () => {
    const key = await generateKeyPair('ecdsa-p256');
    assert.equal(verifyBlob([key.publicKey], blob, 'not base64!'), undefined);
    assert.equal(verifyBlob([key.publicKey], blob, ''), undefined);
  });
});

/** A trusted root that trusts nothing: verification rests on the key alone. */
const emptyRoot = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

describe('blob bundles', () => {
  // Ed25519 is left out: the bundle verifier (@sigstore/verify) checks message signatures
  // with a hash, which Ed25519 keys do not take.
  for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'rsa'] as KeyKind[]) {
    it(`writes a ${kind} bundle that Sigstore verification accepts for the file alone`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      const { bundle, tlogEntry } = await signBlobBundle(key, blob);
      assert.equal(tlogEntry, undefined);
      const json = JSON.parse(new TextDecoder().decode(bundle)) as Record<string, unknown>;
      const verify = createBundleVerifier(
        emptyRoot,
        { kind: 'key', key: key.publicKey.keyObject },
        { ignoreTlog: true },
      );
      assert.equal(
        verify(json, { kind: 'artifact', bytes: blob }, 'b').content,
        'message-signature',
      );
      assert.throws(
        () => verify(json, { kind: 'artifact', bytes: new TextEncoder().encode('other') }, 'b'),
        { code: 'SIGSTORE_BUNDLE_UNVERIFIED' },
      );
    });
  }

  it("has cosign sign-blob --bundle's shape: digest, signature, key hint, no empty fields", async () => {
    const key = await generateKeyPair('ecdsa-p256');
    const json = JSON.parse(new TextDecoder().decode((await signBlobBundle(key, blob)).bundle)) as {
      mediaType: string;
      verificationMaterial: Record<string, unknown>;
      messageSignature: { messageDigest: { algorithm: string; digest: string }; signature: string };
    };
    assert.deepEqual(Object.keys(json), ['mediaType', 'verificationMaterial', 'messageSignature']);
    assert.equal(json.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    assert.deepEqual(json.verificationMaterial, {
      publicKey: { hint: Buffer.from(key.publicKey.keyId, 'hex').toString('base64') },
    });
    assert.deepEqual(json.messageSignature.messageDigest, {
      algorithm: 'SHA2_256',
      digest: createHash('sha256').update(blob).digest('base64'),
    });
    assert.equal(
      verifySignature(key.publicKey, blob, Buffer.from(json.messageSignature.signature, 'base64')),
      true,
    );
  });

  it("writes pure Ed25519 over the file with the file's SHA-256 as messageDigest", async () => {
    const key = await generateKeyPair('ed25519');
    const json = JSON.parse(new TextDecoder().decode((await signBlobBundle(key, blob)).bundle)) as {
      messageSignature: { messageDigest: { digest: string }; signature: string };
    };
    assert.equal(
      json.messageSignature.messageDigest.digest,
      createHash('sha256').update(blob).digest('base64'),
    );
    const signature = Buffer.from(json.messageSignature.signature, 'base64');
    assert.equal(verifySignature(key.publicKey, blob, signature, { ed25519: 'pure' }), true);
  });

  it("asks the log for a hashedrekord of the file's SHA-256 and keeps the entry it returns", async () => {
    const key = await generateKeyPair('ecdsa-p384');
    const proposals: unknown[] = [];
    const entryBody = Buffer.from(JSON.stringify({ kind: 'hashedrekord', apiVersion: '0.0.1' }));
    const log = {
      createEntry: (proposal: unknown) => {
        proposals.push(proposal);
        return Promise.resolve({
          entryId: 'e1',
          entry: {
            body: entryBody.toString('base64'),
            integratedTime: 1700000000,
            logID: 'ab',
            logIndex: 7,
          },
        });
      },
    };
    const { bundle, tlogEntry } = await signBlobBundle(key, blob, log);
    assert.equal(tlogEntry?.logIndex, 7);
    const spec = (proposals[0] as { spec: { data: { hash: unknown } } }).spec;
    assert.deepEqual(spec.data.hash, {
      algorithm: 'sha256',
      value: createHash('sha256').update(blob).digest('hex'),
    });
    const json = JSON.parse(new TextDecoder().decode(bundle)) as {
      verificationMaterial: { tlogEntries: { logIndex: string; kindVersion: unknown }[] };
    };
    assert.equal(json.verificationMaterial.tlogEntries[0]?.logIndex, '7');
    assert.deepEqual(json.verificationMaterial.tlogEntries[0]?.kindVersion, {
      kind: 'hashedrekord',
      version: '0.0.1',
    });
  });
});
