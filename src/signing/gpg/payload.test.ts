import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSimpleSignaturePayload,
  MAX_PAYLOAD_BYTES,
  parseSimpleSignaturePayload,
} from './payload.js';

const DIGEST = 'sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);
const parse = (json: string) => parseSimpleSignaturePayload(encode(json), 'sig');
const document = (critical: string, optional = '{}') =>
  `{"critical":${critical},"optional":${optional}}`;
const CRITICAL = `{"identity":{"docker-reference":"testing/manifest"},"image":{"docker-manifest-digest":"${DIGEST}"},"type":"atomic container signature"}`;

describe('buildSimpleSignaturePayload', () => {
  it('writes the bytes containers/image signs (as in corrupt.signature)', () => {
    const bytes = buildSimpleSignaturePayload({
      dockerReference: 'testing/manifest',
      manifestDigest: DIGEST,
      creator: 'atomic ',
      timestamp: 1458239713,
    });
    assert.equal(text(bytes), document(CRITICAL, '{"creator":"atomic ","timestamp":1458239713}'));
  });

  it('writes an empty optional object when there is nothing optional (as in no-optional-fields.signature)', () => {
    const bytes = buildSimpleSignaturePayload({
      dockerReference: 'testing/manifest',
      manifestDigest: DIGEST,
    });
    assert.equal(text(bytes), document(CRITICAL));
  });

  it('escapes <, > and & as Go does', () => {
    const bytes = buildSimpleSignaturePayload({
      dockerReference: 'a/b',
      manifestDigest: DIGEST,
      creator: '<&>',
    });
    assert.match(text(bytes), /"creator":"\\u003c\\u0026\\u003e"/);
  });

  it('round-trips through the parser', () => {
    const input = {
      dockerReference: 'quay.io/a/b:1',
      manifestDigest: DIGEST,
      creator: 'Signet',
      timestamp: 1700000000,
    };
    assert.deepEqual(parseSimpleSignaturePayload(buildSimpleSignaturePayload(input), 'sig'), input);
  });

  const bad: [string, Parameters<typeof buildSimpleSignaturePayload>[0]][] = [
    ['a malformed digest', { dockerReference: 'a/b', manifestDigest: 'sha256:abc' }],
    ['an empty reference', { dockerReference: '', manifestDigest: DIGEST }],
    ['a fractional timestamp', { dockerReference: 'a/b', manifestDigest: DIGEST, timestamp: 1.5 }],
  ];
  for (const [what, input] of bad) {
    it(`refuses ${what}`, () => {
      assert.throws(() => buildSimpleSignaturePayload(input), { code: 'GPG_SIGN_INPUT_INVALID' });
    });
  }
});

describe('parseSimpleSignaturePayload', () => {
  it('accepts unknown optional members and ignores them', () => {
    const payload = parse(document(CRITICAL, '{"creator":"x","future":{"a":[1]},"timestamp":5}'));
    assert.deepEqual(payload, {
      dockerReference: 'testing/manifest',
      manifestDigest: DIGEST,
      creator: 'x',
      timestamp: 5,
    });
  });

  it('takes a null creator or timestamp as absent, as Go decodes them', () => {
    assert.deepEqual(parse(document(CRITICAL, '{"creator":null,"timestamp":null}')), {
      dockerReference: 'testing/manifest',
      manifestDigest: DIGEST,
    });
  });

  const critical = (identity: string, image: string, type = '"atomic container signature"') =>
    `{"identity":${identity},"image":${image},"type":${type}}`;
  const image = `{"docker-manifest-digest":"${DIGEST}"}`;
  const identity = '{"docker-reference":"a/b"}';
  const rejected: [what: string, json: string, problem: RegExp][] = [
    [
      'an unknown critical member',
      document(CRITICAL.replace('{', '{"extra":1,')),
      /critical has unknown member\(s\) "extra"/,
    ],
    [
      'an unknown image member',
      document(critical(identity, `{"docker-manifest-digest":"${DIGEST}","x":1}`)),
      /critical.image has unknown/,
    ],
    [
      'an unknown identity member',
      document(critical('{"docker-reference":"a/b","x":1}', image)),
      /critical.identity has unknown/,
    ],
    [
      'an unknown top-level member',
      `{"critical":${CRITICAL},"optional":{},"x":1}`,
      /the document has unknown/,
    ],
    ['a missing optional', `{"critical":${CRITICAL}}`, /the document lacks member\(s\) optional/],
    ['a null optional', document(CRITICAL, 'null'), /optional is null, not an object/],
    [
      'a missing type',
      document(`{"identity":${identity},"image":${image}}`),
      /critical lacks member\(s\) type/,
    ],
    [
      'another signature type',
      document(critical(identity, image, '"cosign container image signature"')),
      /critical.type is "cosign container image signature"/,
    ],
    [
      'a type that differs in case',
      document(critical(identity, image, '"Atomic container signature"')),
      /critical.type/,
    ],
    [
      'a malformed digest',
      document(critical(identity, '{"docker-manifest-digest":"sha256:12"}')),
      /not a digest/,
    ],
    [
      'a numeric reference',
      document(critical('{"docker-reference":5}', image)),
      /docker-reference is 5, not a string/,
    ],
    ['an array identity', document(critical('[]', image)), /critical.identity is an array/],
    [
      'a fractional timestamp',
      document(CRITICAL, '{"timestamp":1.5}'),
      /optional.timestamp is 1.5/,
    ],
    ['a string timestamp', document(CRITICAL, '{"timestamp":"1"}'), /optional.timestamp is "1"/],
    ['a numeric creator', document(CRITICAL, '{"creator":1}'), /optional.creator is 1/],
    [
      'a duplicated member',
      `{"critical":${CRITICAL},"critical":${CRITICAL},"optional":{}}`,
      /duplicate key "critical"/,
    ],
    ['trailing data', `${document(CRITICAL)}x`, /unexpected data after/],
    ['a JSON array', '[]', /the document is an array/],
    ['text that is not JSON', 'This is not JSON\n', /not JSON/],
  ];
  for (const [what, json, problem] of rejected) {
    it(`rejects ${what}`, () => {
      assert.throws(
        () => parse(json),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'GPG_PAYLOAD_INVALID');
          assert.match(
            error.message,
            /^sig: the signed content is not an atomic container signature/,
          );
          assert.match(error.message, problem);
          return true;
        },
      );
    });
  }

  it('rejects content that is not UTF-8', () => {
    assert.throws(() => parseSimpleSignaturePayload(new Uint8Array([0x7b, 0xff, 0x7d]), 'sig'), {
      code: 'GPG_PAYLOAD_INVALID',
      message: /not UTF-8/,
    });
  });

  it('rejects content above the bound before parsing it', () => {
    const huge = new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(0x20);
    assert.throws(() => parseSimpleSignaturePayload(huge, 'sig'), {
      code: 'GPG_PAYLOAD_INVALID',
      message: /more than/,
    });
  });
});
