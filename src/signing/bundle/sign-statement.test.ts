import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { bundleFromJSON } from '@sigstore/bundle';
import { preAuthEncoding } from '../../core/dsse.js';
import {
  generateKeyPair,
  signData,
  verifySignature,
  type KeyKind,
  type PrivateKey,
} from '../../core/keys/index.js';
import { bundleKeyHint, encodeDsseBundle } from './sigstore-bundle.js';
import { signDsse, verifyDsseSignature } from './sign-statement.js';

const statement = new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1"}');
const KINDS: readonly KeyKind[] = ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa'];

/** sigstore-js (@sigstore/verify) checking a key-signed bundle: no log, no timestamp required. */
function sigstoreJsAccepts(key: PrivateKey, bundleBytes: Uint8Array): boolean {
  const bundle = bundleFromJSON(JSON.parse(new TextDecoder().decode(bundleBytes)));
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
  const trust = toTrustMaterial(root, (hint) => {
    assert.equal(hint, bundleKeyHint(key.publicKey), 'the hint is the one cosign writes');
    return {
      publicKey: createPublicKey(key.publicKey.pem),
      validFor: () => true,
    };
  });
  const verifier = new Verifier(trust, {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  try {
    verifier.verify(toSignedEntity(bundle));
    return true;
  } catch {
    return false;
  }
}

describe('DSSE signatures of Sigstore bundles', () => {
  for (const kind of KINDS) {
    it(`signs ${kind} bundles that sigstore-js accepts`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      const bundle = encodeDsseBundle(signDsse(key, statement), bundleKeyHint(key.publicKey));
      assert.equal(sigstoreJsAccepts(key, bundle), true);
    });
  }

  it('signs with SHA-256 on every ECDSA curve, as Rekor v1 checks dsse entries', async () => {
    for (const kind of ['ecdsa-p384', 'ecdsa-p521'] as const) {
      const key = await generateKeyPair(kind);
      const envelope = signDsse(key, statement);
      const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
      const sig = envelope.signatures[0]!.sig;
      assert.equal(verifySignature(key.publicKey, pae, sig, { hash: 'sha256' }), true, kind);
    }
  });

  it("accepts cosign v3's curve-hash ECDSA and Ed25519ph envelope signatures", async () => {
    const pae = preAuthEncoding('application/vnd.in-toto+json', statement);
    const cases = [
      { kind: 'ecdsa-p384', scheme: { hash: 'sha384' } },
      { kind: 'ecdsa-p521', scheme: { hash: 'sha512' } },
      { kind: 'ed25519', scheme: { ed25519: 'prehash' } },
    ] as const;
    for (const { kind, scheme } of cases) {
      const key = await generateKeyPair(kind);
      assert.equal(verifyDsseSignature(key.publicKey, pae, signData(key, pae, scheme)), true);
    }
  });

  it('rejects an envelope signature made by another key or over other bytes', async () => {
    const key = await generateKeyPair('ecdsa-p384');
    const other = await generateKeyPair('ecdsa-p384');
    const pae = preAuthEncoding('application/vnd.in-toto+json', statement);
    const sig = signDsse(key, statement).signatures[0]!.sig;
    assert.equal(verifyDsseSignature(key.publicKey, pae, sig), true);
    assert.equal(verifyDsseSignature(other.publicKey, pae, sig), false);
    assert.equal(verifyDsseSignature(key.publicKey, pae.slice(1), sig), false);
  });
});
