import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeDsseEnvelope, preAuthEncoding } from '../../core/dsse.js';
import {
  generateKeyPair,
  signData,
  verifySignature,
  type PrivateKey,
} from '../../core/keys/index.js';
import { openStatementEnvelope } from './envelope.js';
import { buildStatement } from './build.js';
import { parseStatement } from './parse.js';
import { describeRefusal } from './refusal.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const OTHER = `sha256:${'2e'.repeat(32)}`;
const TYPE = 'https://cosign.sigstore.dev/attestation/v1';
let key: PrivateKey;
let stranger: PrivateKey;

function envelope(
  signer: PrivateKey,
  payload: Uint8Array = buildStatement([{ digest: DIGEST }], TYPE, { a: 1 }),
  payloadType = 'application/vnd.in-toto+json',
): Uint8Array {
  const sig = signData(signer, preAuthEncoding(payloadType, payload));
  return new TextEncoder().encode(
    encodeDsseEnvelope({ payloadType, payload, signatures: [{ keyid: '', sig }] }),
  );
}

const options = () => ({
  verify: (pae: Uint8Array, sig: Uint8Array) => verifySignature(key.publicKey, pae, sig),
  predicateType: TYPE,
  subjectDigest: DIGEST,
});

function refusal(bytes: Uint8Array, over: Record<string, unknown> = {}): string {
  const opened = openStatementEnvelope(bytes, { ...options(), ...over });
  assert.equal(opened.ok, false);
  return opened.ok ? '' : describeRefusal('attestation 1', opened.refusal);
}

describe('opening a DSSE envelope that holds an in-toto statement', () => {
  before(async () => {
    key = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  it('opens a signed statement about the digest with the predicate type asked for', () => {
    const opened = openStatementEnvelope(envelope(key), options());
    assert.ok(opened.ok);
    assert.equal(opened.statement.predicateType, TYPE);
    assert.deepEqual(opened.statement.json.predicate, { a: 1 });
  });

  it('refuses an envelope signed by another key', () => {
    assert.equal(refusal(envelope(stranger)), 'attestation 1: no signature verifies with the key');
  });

  it('refuses a statement about another digest, naming the digest', () => {
    assert.equal(
      refusal(envelope(key), { subjectDigest: OTHER }),
      `attestation 1: no subject[].digest names ${OTHER}`,
    );
  });

  it('refuses a statement of another predicate type, naming both', () => {
    assert.match(
      refusal(envelope(key), { predicateType: 'https://spdx.dev/Document' }),
      /predicateType is "https:\/\/cosign.sigstore.dev\/attestation\/v1", not "https:\/\/spdx.dev\/Document"/,
    );
  });

  it('refuses a payload type other than in-toto before checking the signature', () => {
    assert.match(refusal(envelope(key, undefined, 'text/plain')), /payloadType "text\/plain"/);
  });

  it('refuses a malformed envelope as data, without throwing', () => {
    assert.match(
      refusal(new TextEncoder().encode('{"payload":')),
      /DSSE envelope is not UTF-8 JSON/,
    );
  });

  it('refuses a payload over the size limit', () => {
    assert.match(refusal(envelope(key), { maxBytes: 16 }), /over the limit of 16/);
  });

  it('refuses a signed payload that is not a statement, naming the field', () => {
    const payload = new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1"}');
    assert.match(refusal(envelope(key, payload)), /predicateType must be a non-empty string/);
  });

  it('throws a typed error naming the object and field for a malformed statement', () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        predicateType: 'x',
        subject: [{}],
      }),
    );
    assert.throws(
      () => parseStatement(bytes, 'predicate.json'),
      (error: Error & { code?: string }) =>
        error.code === 'IN_TOTO_STATEMENT_INVALID' &&
        error.message ===
          'predicate.json: subject[0].digest must be an object of algorithm to hex digest',
    );
  });
});

describe('mutated envelopes', () => {
  before(async () => {
    key ??= await generateKeyPair('ecdsa-p256');
  });

  it('never throws and never accepts a payload other than the signed one (2000 mutations)', () => {
    const original = envelope(key);
    const signedPayload = Buffer.from(
      (JSON.parse(new TextDecoder().decode(original)) as { payload: string }).payload,
      'base64',
    );
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const mutated = Uint8Array.from(original);
      for (let flips = 1 + random(3); flips > 0; flips--)
        mutated[random(mutated.length)] = random(256);
      const opened = openStatementEnvelope(mutated, options());
      if (opened.ok) assert.deepEqual(Buffer.from(opened.envelope.payload), signedPayload);
      else assert.equal(typeof describeRefusal('m', opened.refusal), 'string');
    }
  });
});
