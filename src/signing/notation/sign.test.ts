import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope, checkIntegrity } from './envelope.js';
import { signNotationEnvelope } from './sign.js';
import { issueCertificate, type CertifiedKey, type TestKeyType } from './test-certificates.js';
import type { EnvelopeFormat } from './envelope-types.js';

const target = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${'ab'.repeat(32)}`,
  size: 557,
};

const isCode = (code: string) => (e: Error & { code?: string }) => e.code === code;

describe('Notary Project envelopes', () => {
  const keys = new Map<TestKeyType, CertifiedKey>();
  before(async () => {
    for (const type of ['rsa-2048', 'rsa-3072', 'ec-256', 'ec-384'] as const)
      keys.set(
        type,
        await issueCertificate({
          subject: `C=US, ST=WA, O=Signet, CN=${type}`,
          role: 'leaf',
          keyType: type,
        }),
      );
  });

  /** An envelope signed by the `type` key (default P-256) with its certificate, for `target`. */
  const signWith = (
    format: EnvelopeFormat,
    more: { type?: TestKeyType; expiry?: Date; scheme?: 'notary.x509.signingAuthority' } = {},
  ) => {
    const key = keys.get(more.type ?? 'ec-256')!;
    return signNotationEnvelope({
      format,
      target,
      privateKey: key.privateKey,
      chain: [key.certificate],
      ...(more.expiry === undefined ? {} : { expiry: more.expiry }),
      ...(more.scheme === undefined ? {} : { scheme: more.scheme }),
    });
  };

  for (const format of ['jws', 'cose'] as EnvelopeFormat[]) {
    for (const type of ['rsa-2048', 'rsa-3072', 'ec-256', 'ec-384'] as const) {
      it(`signs and verifies a ${format.toUpperCase()} envelope with a ${type} key`, () => {
        const expiry = new Date(Date.now() + 3_600_000);
        const envelope = signWith(format, { type, expiry });
        const info = decodeEnvelope(envelope.bytes, envelope.mediaType, 'the test signature');
        assert.deepEqual(checkIntegrity(info, 'the test signature'), target);
        assert.equal(info.signedAttributes.signingScheme, 'notary.x509');
        assert.equal(
          info.signedAttributes.expiry?.getTime(),
          Math.floor(expiry.getTime() / 1000) * 1000,
        );
        assert.deepEqual(info.signedAttributes.critical, [
          'io.cncf.notary.signingScheme',
          'io.cncf.notary.expiry',
        ]);
        assert.equal(info.signingAgent, 'signet');
      });
    }

    it(`writes authenticSigningTime for the signingAuthority scheme in ${format.toUpperCase()}`, () => {
      const envelope = signWith(format, { scheme: 'notary.x509.signingAuthority' });
      const info = decodeEnvelope(envelope.bytes, envelope.mediaType, 'x');
      assert.equal(info.signedAttributes.signingScheme, 'notary.x509.signingAuthority');
      assert.ok(info.signedAttributes.critical.includes('io.cncf.notary.authenticSigningTime'));
    });

    it(`rejects a ${format.toUpperCase()} signature whose bytes were changed`, () => {
      const envelope = signWith(format);
      const info = decodeEnvelope(envelope.bytes, envelope.mediaType, 'x');
      const tampered = {
        ...info,
        signature: Uint8Array.from(info.signature, (b, i) => (i === 3 ? b ^ 1 : b)),
      };
      assert.throws(
        () => checkIntegrity(tampered, 'image@sha256:ab'),
        (e: Error & { code?: string }) =>
          e.code === 'NOTATION_VERIFICATION_FAILED' &&
          /integrity check of image@sha256:ab failed/.test(e.message),
      );
    });
  }

  it('rejects an envelope whose certificate is another key', () => {
    const a = keys.get('ec-256')!;
    const b = keys.get('ec-384')!;
    assert.throws(
      () =>
        signNotationEnvelope({
          format: 'jws',
          target,
          privateKey: a.privateKey,
          chain: [b.certificate],
        }),
      isCode('NOTATION_SIGN_INPUT_INVALID'),
    );
  });

  it('refuses a JWS envelope with a payload that names no target artifact', () => {
    const envelope = signWith('jws');
    const doc = JSON.parse(Buffer.from(envelope.bytes).toString()) as Record<string, unknown>;
    doc.payload = Buffer.from('{"nope":1}').toString('base64url');
    const info = decodeEnvelope(Buffer.from(JSON.stringify(doc)), envelope.mediaType, 'x');
    assert.throws(() => checkIntegrity(info, 'x'), isCode('NOTATION_VERIFICATION_FAILED'));
  });

  const malformedJws: [string, (d: Record<string, unknown>) => void, RegExp][] = [
    [
      'an unknown critical header',
      (d) => {
        d.protected = Buffer.from(
          JSON.stringify({
            alg: 'ES256',
            crit: ['io.cncf.notary.signingScheme', 'x-other'],
            cty: 'application/vnd.cncf.notary.payload.v1+json',
            'io.cncf.notary.signingScheme': 'notary.x509',
            'io.cncf.notary.signingTime': '2026-01-01T00:00:00Z',
            'x-other': 1,
          }),
        ).toString('base64url');
      },
      /does not understand/,
    ],
    [
      'a missing signing scheme',
      (d) => {
        d.protected = Buffer.from(
          JSON.stringify({
            alg: 'ES256',
            crit: [],
            cty: 'application/vnd.cncf.notary.payload.v1+json',
          }),
        ).toString('base64url');
      },
      /signing scheme/,
    ],
    [
      'an HMAC algorithm',
      (d) => {
        d.protected = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
      },
      /HS256/,
    ],
    [
      'a certificate that is not DER',
      (d) => {
        (d.header as Record<string, unknown>).x5c = ['AAAA'];
      },
      /not a DER X.509/,
    ],
    [
      'a protected header that is not base64url',
      (d) => {
        d.protected = '%%%';
      },
      /not base64/,
    ],
    [
      'no certificate chain',
      (d) => {
        (d.header as Record<string, unknown>).x5c = [];
      },
      /no certificate chain/,
    ],
  ];
  for (const [name, mutate, message] of malformedJws) {
    it(`refuses a JWS envelope with ${name}, naming the image`, () => {
      const envelope = signWith('jws');
      const doc = JSON.parse(Buffer.from(envelope.bytes).toString()) as Record<string, unknown>;
      mutate(doc);
      assert.throws(
        () =>
          decodeEnvelope(
            Buffer.from(JSON.stringify(doc)),
            envelope.mediaType,
            'the signature of reg/app@sha256:ab',
          ),
        (e: Error & { code?: string }) =>
          /^NOTATION_(ENVELOPE|CERTIFICATE)_INVALID$/.test(e.code ?? '') &&
          message.test(e.message) &&
          e.message.includes('reg/app@sha256:ab'),
      );
    });
  }

  it('refuses a COSE envelope that is truncated or untagged', () => {
    const envelope = signWith('cose');
    assert.throws(
      () => decodeEnvelope(envelope.bytes.subarray(0, 100), envelope.mediaType, 'x'),
      isCode('NOTATION_ENVELOPE_INVALID'),
    );
    assert.throws(
      () => decodeEnvelope(envelope.bytes.subarray(1), envelope.mediaType, 'x'),
      isCode('NOTATION_ENVELOPE_INVALID'),
    );
    assert.throws(() => decodeEnvelope(envelope.bytes, 'application/json', 'x'), /media type/);
  });
});
