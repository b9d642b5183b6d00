import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSimpleSigningPayload,
  MAX_PAYLOAD_BYTES,
  parseSimpleSigningPayload,
} from './simple-signing.js';

const digest = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

// Payloads of the containers/image fixtures dir-img-cosign-valid and -valid-with-tag (real cosign / skopeo output).
const COSIGN_PAYLOAD = `{"critical":{"identity":{"docker-reference":"192.168.64.2:5000/cosign-signed-single-sample"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`;
const SKOPEO_PAYLOAD = `{"critical":{"identity":{"docker-reference":"192.168.64.2:5000/skopeo-signed:tag"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":{"creator":"containers/image 5.21.2-dev","timestamp":1657296609}}`;

describe('buildSimpleSigningPayload', () => {
  it('writes the bytes cosign writes, with "optional":null when there are no annotations', () => {
    const payload = buildSimpleSigningPayload({
      dockerReference: '192.168.64.2:5000/cosign-signed-single-sample',
      manifestDigest: digest,
    });
    assert.equal(text(payload), COSIGN_PAYLOAD);
    const empty = buildSimpleSigningPayload({
      dockerReference: '192.168.64.2:5000/cosign-signed-single-sample',
      manifestDigest: digest,
      annotations: {},
    });
    assert.equal(text(empty), COSIGN_PAYLOAD);
  });

  it('writes integer annotations and sorts keys as Go does', () => {
    const payload = buildSimpleSigningPayload({
      dockerReference: '192.168.64.2:5000/skopeo-signed:tag',
      manifestDigest: digest,
      annotations: { timestamp: 1657296609, creator: 'containers/image 5.21.2-dev' },
    });
    assert.equal(text(payload), SKOPEO_PAYLOAD);
  });

  it('escapes HTML characters and line separators as Go json.Marshal does', () => {
    const payload = text(
      buildSimpleSigningPayload({
        dockerReference: 'r',
        manifestDigest: digest,
        annotations: { 'a<b': 'x&y>\u2028\n', B: 'é' },
      }),
    );
    assert.ok(
      payload.endsWith('"optional":{"B":"é","a\\u003cb":"x\\u0026y\\u003e\\u2028\\n"}}'),
      payload,
    );
  });

  it('sorts keys by UTF-8 bytes, not UTF-16 units', () => {
    const payload = text(
      buildSimpleSigningPayload({
        dockerReference: 'r',
        manifestDigest: digest,
        annotations: { '\ufb33': '1', '\u{1f600}': '2' },
      }),
    );
    assert.ok(payload.indexOf('\ufb33') < payload.indexOf('\u{1f600}'));
  });

  it('refuses a tag for a digest, and values Go would encode differently', () => {
    assert.throws(
      () => buildSimpleSigningPayload({ dockerReference: 'r', manifestDigest: 'latest' }),
      { code: 'PAYLOAD_INPUT_INVALID' },
    );
    assert.throws(
      () =>
        buildSimpleSigningPayload({
          dockerReference: 'r',
          manifestDigest: digest,
          annotations: { n: 0.5 },
        }),
      { code: 'PAYLOAD_INPUT_INVALID' },
    );
    assert.throws(
      () =>
        buildSimpleSigningPayload({
          dockerReference: 'r',
          manifestDigest: digest,
          annotations: { s: '\ud800' },
        }),
      { code: 'PAYLOAD_INPUT_INVALID' },
    );
  });
});

describe('parseSimpleSigningPayload', () => {
  it('reads a cosign payload and one with optional annotations', () => {
    assert.deepEqual(parseSimpleSigningPayload(bytes(COSIGN_PAYLOAD), 'layer 1'), {
      dockerReference: '192.168.64.2:5000/cosign-signed-single-sample',
      manifestDigest: digest,
      type: 'cosign container image signature',
      optional: null,
    });
    assert.deepEqual(parseSimpleSigningPayload(bytes(SKOPEO_PAYLOAD), 'layer 1').optional, {
      creator: 'containers/image 5.21.2-dev',
      timestamp: 1657296609,
    });
  });

  it('returns a foreign type as found, for the verifier to judge', () => {
    const other = COSIGN_PAYLOAD.replace(
      'cosign container image signature',
      'atomic container signature',
    );
    assert.equal(parseSimpleSigningPayload(bytes(other), 'l').type, 'atomic container signature');
  });

  it('ignores unknown top-level members, as cosign does', () => {
    const extra = COSIGN_PAYLOAD.replace('"optional":null', '"optional":null,"future":1');
    assert.equal(parseSimpleSigningPayload(bytes(extra), 'l').manifestDigest, digest);
  });

  const bad: [string, string | Uint8Array, RegExp][] = [
    ['bytes that are not UTF-8', new Uint8Array([0xff]), /not UTF-8 JSON/],
    ['text that is not JSON', '{"critical":', /not UTF-8 JSON/],
    ['an array', '[]', /payload must be a JSON object/],
    ['a missing critical', '{"optional":null}', /critical must be a JSON object/],
    [
      'an unknown critical member',
      COSIGN_PAYLOAD.replace('"type":', '"extra":1,"type":'),
      /critical has unknown member\(s\) "extra"/,
    ],
    [
      'an unknown image member',
      COSIGN_PAYLOAD.replace('{"docker-manifest-digest"', '{"x":1,"docker-manifest-digest"'),
      /critical.image has unknown/,
    ],
    [
      'a digest that is not a digest',
      COSIGN_PAYLOAD.replace(digest, 'sha256:1234'),
      /docker-manifest-digest must be a digest/,
    ],
    [
      'a numeric docker-reference',
      COSIGN_PAYLOAD.replace('"192.168.64.2:5000/cosign-signed-single-sample"', '5'),
      /docker-reference must be a string/,
    ],
    [
      'a missing type',
      COSIGN_PAYLOAD.replace(',"type":"cosign container image signature"', ''),
      /critical.type must be a string/,
    ],
    [
      'optional as an array',
      COSIGN_PAYLOAD.replace('"optional":null', '"optional":[]'),
      /optional must be a JSON object/,
    ],
    ['an oversized payload', `${COSIGN_PAYLOAD}${' '.repeat(MAX_PAYLOAD_BYTES)}`, /larger than/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      const data = typeof input === 'string' ? bytes(input) : input;
      assert.throws(
        () => parseSimpleSigningPayload(data, 'signature layer 2'),
        (error: Error & { code?: string }) => {
          return (
            error.code === 'SIGNATURE_PAYLOAD_INVALID' &&
            message.test(error.message) &&
            error.message.startsWith('signature layer 2')
          );
        },
      );
    });
  }
});
