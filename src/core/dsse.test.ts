import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dsseEnvelopeFromJson,
  encodeDsseEnvelope,
  IN_TOTO_PAYLOAD_TYPE,
  parseDsseEnvelope,
  preAuthEncoding,
} from './dsse.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe('preAuthEncoding', () => {
  it('matches the DSSE protocol example', () => {
    // secure-systems-lab/dsse protocol.md test vector.
    assert.equal(
      text(preAuthEncoding('http://example.com/HelloWorld', bytes('hello world'))),
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters', () => {
    assert.equal(text(preAuthEncoding('t', bytes('é'))), 'DSSEv1 1 t 2 é');
  });
});

describe('parseDsseEnvelope', () => {
  const envelope = {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: bytes('{"a":1}'),
    signatures: [{ keyid: '', sig: new Uint8Array([1, 2, 3]) }],
  };

  it('round-trips an envelope, keyid included', () => {
    const encoded = encodeDsseEnvelope(envelope);
    assert.deepEqual(Object.keys(JSON.parse(encoded) as object), [
      'payloadType',
      'payload',
      'signatures',
    ]);
    assert.deepEqual(parseDsseEnvelope(encoded, 'env'), envelope);
    assert.deepEqual(parseDsseEnvelope(bytes(encoded), 'env'), envelope);
  });

  it('reads an envelope already parsed as part of a larger document, with the same checks', () => {
    const doc: unknown = JSON.parse(encodeDsseEnvelope(envelope));
    assert.deepEqual(dsseEnvelopeFromJson(doc, 'bundle dsseEnvelope'), envelope);
    assert.throws(() => dsseEnvelopeFromJson([], 'bundle dsseEnvelope'), {
      code: 'DSSE_ENVELOPE_INVALID',
      message: 'bundle dsseEnvelope is not a JSON object',
    });
    assert.throws(
      () => dsseEnvelopeFromJson({ payloadType: 't', payload: '', signatures: [] }, 'e'),
      { code: 'DSSE_ENVELOPE_INVALID', message: /signatures must be a non-empty array/ },
    );
  });

  it('treats a missing keyid as empty', () => {
    const parsed = parseDsseEnvelope(
      '{"payloadType":"t","payload":"","signatures":[{"sig":"AQ=="}]}',
      'env',
    );
    assert.equal(parsed.signatures[0]!.keyid, '');
  });

  const bad: [string, string | Uint8Array, RegExp][] = [
    ['text that is not JSON', '{', /not UTF-8 JSON/],
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe]), /not UTF-8 JSON/],
    ['an array', '[]', /not a JSON object/],
    ['a missing payloadType', '{"payload":"","signatures":[{"sig":"AQ=="}]}', /payloadType/],
    [
      'a payload that is not base64',
      '{"payloadType":"t","payload":"*","signatures":[{"sig":"AQ=="}]}',
      /payload is not valid base64/,
    ],
    ['no signatures', '{"payloadType":"t","payload":"","signatures":[]}', /non-empty array/],
    [
      'a signature without sig',
      '{"payloadType":"t","payload":"","signatures":[{}]}',
      /signatures\[0\]/,
    ],
    ['an empty sig', '{"payloadType":"t","payload":"","signatures":[{"sig":""}]}', /empty/],
    [
      'a keyid that is not a string',
      '{"payloadType":"t","payload":"","signatures":[{"sig":"AQ==","keyid":1}]}',
      /keyid/,
    ],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseDsseEnvelope(input, 'attestation layer 1'),
        (error: Error & { code?: string }) => {
          return (
            error.code === 'DSSE_ENVELOPE_INVALID' &&
            message.test(error.message) &&
            error.message.includes('attestation layer 1')
          );
        },
      );
    });
  }
});
