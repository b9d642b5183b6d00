import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyObject, webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { encodeBase64 } from '../../core/base64.js';
import {
  generateKeyPair,
  privateKeyFromKeyObject,
  signData,
  type KeyKind,
  type PrivateKey,
} from '../../core/keys/index.js';
import { buildSimpleSigningPayload } from '../cosign/simple-signing.js';
import {
  CosignAnnotation,
  CosignMediaType,
  type SignatureLayer,
} from '../cosign/signature-layer.js';
import { createVerifier, MAX_SIGNATURE_LAYERS } from './verifier.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;
const keyP256 = await generateKeyPair('ecdsa-p256');
const otherKey = await generateKeyPair('ecdsa-p256');

interface LayerOptions {
  key?: PrivateKey;
  digest?: string;
  annotations?: Record<string, string | number>;
  payload?: Uint8Array;
  extra?: Record<string, string>;
  hash?: 'sha256';
  ed25519?: 'pure' | 'prehash';
}

function layer(options: LayerOptions = {}): SignatureLayer {
  const payload =
    options.payload ??
    buildSimpleSigningPayload({
      dockerReference: 'registry.example/team/app',
      manifestDigest: options.digest ?? DIGEST,
      annotations: options.annotations,
    });
  const key = options.key ?? keyP256;
  const signature = signData(key, payload, {
    hash: options.hash,
    ed25519: options.ed25519 ?? 'prehash',
  });
  return {
    mediaType: CosignMediaType.SimpleSigning,
    payload,
    annotations: { [CosignAnnotation.Signature]: encodeBase64(signature), ...options.extra },
  };
}

const verifier = createVerifier({ keys: [keyP256.publicKey] });
const verifyOne = (l: SignatureLayer, v = verifier, extra: { dockerReference?: string } = {}) =>
  v.verify({ imageDigest: DIGEST, signatures: [l], ...extra });

async function selfSignedCertificate(): Promise<{ pem: string; key: PrivateKey }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Signet test signer',
    keys,
    signingAlgorithm: algorithm,
  });
  return {
    pem: cert.toString('pem'),
    key: privateKeyFromKeyObject(KeyObject.from(keys.privateKey), 'test cert key'),
  };
}

describe('createVerifier().verify', () => {
  it('verifies a layer signed by a trusted key and says which key', () => {
    const result = verifyOne(layer());
    assert.equal(result.ok, true);
    assert.equal(result.code, undefined);
    const [only] = result.layers;
    assert.equal(only!.status, 'verified');
    assert.equal(only!.keyId, keyP256.publicKey.keyId);
    assert.equal(only!.payload!.manifestDigest, DIGEST);
    assert.deepEqual(only!.checks, {
      signature: 'ok',
      digest: 'ok',
      tlog: 'absent',
      certificate: 'absent',
    });
  });

  const kinds: KeyKind[] = ['ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa'];
  for (const kind of kinds) {
    it(`verifies a ${kind} signature made the way cosign makes it`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      assert.equal(verifyOne(layer({ key }), createVerifier({ keys: [key.publicKey] })).ok, true);
    });
  }

  it('accepts P-384 signatures hashed with SHA-256, as cosign before v2.5 made them', async () => {
    const key = await generateKeyPair('ecdsa-p384');
    assert.equal(
      verifyOne(layer({ key, hash: 'sha256' }), createVerifier({ keys: [key.publicKey] })).ok,
      true,
    );
  });

  it('rejects a pure Ed25519 signature: cosign image signatures are Ed25519ph', async () => {
    const key = await generateKeyPair('ed25519');
    const result = verifyOne(
      layer({ key, ed25519: 'pure' }),
      createVerifier({ keys: [key.publicKey] }),
    );
    assert.equal(result.layers[0]!.reason, 'signature-invalid');
  });

  it('rejects a signature made with another key', () => {
    const result = verifyOne(layer({ key: otherKey }));
    assert.equal(result.ok, false);
    assert.equal(result.code, 'NO_MATCHING_SIGNATURE');
    assert.equal(result.layers[0]!.reason, 'signature-invalid');
    assert.equal(result.layers[0]!.checks.signature, 'failed');
    assert.match(result.message, /does not verify with any trusted key/);
  });

  it('rejects a payload altered after signing', () => {
    const good = layer();
    const altered = {
      ...good,
      payload: buildSimpleSigningPayload({ dockerReference: 'evil/app', manifestDigest: DIGEST }),
    };
    assert.equal(verifyOne(altered).layers[0]!.reason, 'signature-invalid');
  });

  it('rejects a valid signature for another digest', () => {
    const result = verifyOne(layer({ digest: OTHER_DIGEST }));
    assert.equal(result.layers[0]!.reason, 'digest-mismatch');
    assert.equal(result.layers[0]!.checks.digest, 'mismatch');
    assert.match(
      result.layers[0]!.message,
      new RegExp(`signs ${OTHER_DIGEST}, not the image digest ${DIGEST}`),
    );
  });

  it('rejects a payload of another type, compared case-sensitively', () => {
    const payload = new TextEncoder().encode(
      new TextDecoder()
        .decode(buildSimpleSigningPayload({ dockerReference: 'r', manifestDigest: DIGEST }))
        .replace('cosign container', 'Cosign container'),
    );
    assert.equal(verifyOne(layer({ payload })).layers[0]!.reason, 'payload-type-unknown');
  });

  it('rejects a signed payload that is not a cosign payload', () => {
    const result = verifyOne(layer({ payload: new TextEncoder().encode('not json') }));
    assert.equal(result.layers[0]!.reason, 'payload-invalid');
    assert.equal(result.layers[0]!.checks.signature, 'ok');
  });

  it('requires the annotations the caller asks for, with string values', () => {
    const strict = createVerifier({ keys: [keyP256.publicKey], annotations: { env: 'prod' } });
    assert.equal(verifyOne(layer({ annotations: { env: 'prod', other: 'x' } }), strict).ok, true);
    assert.equal(
      verifyOne(layer({ annotations: { env: 'dev' } }), strict).layers[0]!.reason,
      'annotation-mismatch',
    );
    assert.equal(verifyOne(layer(), strict).layers[0]!.reason, 'annotation-mismatch');
    const numeric = createVerifier({ keys: [keyP256.publicKey], annotations: { n: '1' } });
    assert.equal(
      verifyOne(layer({ annotations: { n: 1 } }), numeric).layers[0]!.reason,
      'annotation-mismatch',
    );
  });

  it('checks the signed identity only when the caller names one', () => {
    const signed = layer();
    assert.equal(
      verifyOne(signed, verifier, { dockerReference: 'registry.example/team/app:1.0' }).ok,
      true,
    );
    const result = verifyOne(signed, verifier, { dockerReference: 'registry.example/team/other' });
    assert.equal(result.layers[0]!.reason, 'identity-mismatch');
  });

  it('reports a missing or malformed signature annotation', () => {
    const good = layer();
    assert.equal(verifyOne({ ...good, annotations: {} }).layers[0]!.reason, 'signature-missing');
    assert.equal(
      verifyOne({ ...good, annotations: { [CosignAnnotation.Signature]: 'no*base64' } }).layers[0]!
        .reason,
      'signature-malformed',
    );
  });

  it('skips attachments that are not cosign signatures and says there were no signatures', () => {
    const other = { mediaType: 'text/plain', payload: new Uint8Array(), annotations: {} };
    const result = verifier.verify({ imageDigest: DIGEST, signatures: [other] });
    assert.equal(result.layers[0]!.status, 'skipped');
    assert.equal(result.layers[0]!.reason, 'not-a-cosign-signature');
    assert.equal(result.code, 'NO_SIGNATURES');
    assert.equal(verifier.verify({ imageDigest: DIGEST, signatures: [] }).code, 'NO_SIGNATURES');
  });

  it('passes when any one layer verifies, reporting the others', () => {
    const result = verifier.verify({
      imageDigest: DIGEST,
      signatures: [layer({ key: otherKey }), layer()],
    });
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.layers.map((l) => l.status),
      ['failed', 'verified'],
    );
    assert.deepEqual(
      result.verified.map((l) => l.index),
      [1],
    );
  });

  it('reports a Rekor bundle as not checked rather than trusted', () => {
    const result = verifyOne(layer({ extra: { [CosignAnnotation.Bundle]: '{}' } }));
    assert.equal(result.ok, true);
    assert.equal(result.layers[0]!.checks.tlog, 'not-checked');
  });

  it('uses the trusted key, not an attached certificate, when keys are configured', async () => {
    const cert = await selfSignedCertificate();
    const result = verifyOne(layer({ extra: { [CosignAnnotation.Certificate]: cert.pem } }));
    assert.equal(result.ok, true);
    assert.equal(result.layers[0]!.checks.certificate, 'not-checked');
    const byCertKey = verifyOne(
      layer({ key: cert.key, extra: { [CosignAnnotation.Certificate]: cert.pem } }),
    );
    assert.equal(byCertKey.layers[0]!.reason, 'signature-invalid');
  });

  it('fails closed on a certificate-only signature when no key is configured', async () => {
    const cert = await selfSignedCertificate();
    const keyless = createVerifier({ keys: [] });
    const result = verifyOne(
      layer({ key: cert.key, extra: { [CosignAnnotation.Certificate]: cert.pem } }),
      keyless,
    );
    assert.equal(result.ok, false);
    assert.equal(result.code, 'NO_MATCHING_SIGNATURE');
    const [only] = result.layers;
    assert.equal(only!.reason, 'certificate-not-trusted');
    assert.deepEqual(only!.checks, {
      signature: 'ok',
      digest: 'ok',
      tlog: 'absent',
      certificate: 'not-checked',
    });
    const forged = verifyOne(
      layer({ key: otherKey, extra: { [CosignAnnotation.Certificate]: cert.pem } }),
      keyless,
    );
    assert.equal(forged.layers[0]!.reason, 'signature-invalid');
    const broken = verifyOne(
      layer({ extra: { [CosignAnnotation.Certificate]: 'not a cert' } }),
      keyless,
    );
    assert.equal(broken.layers[0]!.reason, 'certificate-invalid');
    assert.equal(verifyOne(layer(), keyless).layers[0]!.reason, 'no-trusted-key');
  });

  it(`checks at most ${MAX_SIGNATURE_LAYERS} layers`, () => {
    const filler = { mediaType: 'text/plain', payload: new Uint8Array(), annotations: {} };
    const signatures = [...Array<SignatureLayer>(MAX_SIGNATURE_LAYERS).fill(filler), layer()];
    const result = verifier.verify({ imageDigest: DIGEST, signatures });
    assert.equal(result.ok, false);
    assert.equal(result.layers.at(-1)!.reason, 'too-many-signatures');
  });

  it('rejects a malformed image digest', () => {
    assert.throws(() => verifier.verify({ imageDigest: 'sha256:xyz', signatures: [] }), {
      code: 'DIGEST_INVALID',
    });
  });
});

describe('createVerifier', () => {
  it('refuses keys that were not parsed and non-text annotations', () => {
    assert.throws(() => createVerifier({ keys: [{ pem: 'x' } as never] }), {
      code: 'VERIFIER_CONFIG_INVALID',
      message: /keys\[0\]/,
    });
    assert.throws(() => createVerifier({ keys: [keyP256 as never] }), {
      code: 'VERIFIER_CONFIG_INVALID',
    });
    assert.throws(() => createVerifier({ keys: [], annotations: { n: 1 as never } }), {
      code: 'VERIFIER_CONFIG_INVALID',
      message: /"n"/,
    });
  });
});
