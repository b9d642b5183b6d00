import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../../core/digest.js';
import { containersManifestDigest } from './manifest-digest.js';

const encode = (text: string) => new TextEncoder().encode(text);
const b64url = (text: string) => Buffer.from(text).toString('base64url');

const BODY = '{\n   "schemaVersion": 1,\n   "name": "team/app",\n   "tag": "1.0"';
const BODY_LENGTH = BODY.length;

/** A signed schema 1 manifest laid out as docker/libtrust writes it: payload, then "signatures". */
function signedSchema1(protectedHeaders: string[]): { manifest: Uint8Array; payload: Uint8Array } {
  const body = BODY;
  const payload = `${body}\n}`;
  const signatures = protectedHeaders
    .map((header) => `{"header":{"alg":"ES256"},"signature":"c2ln","protected":"${header}"}`)
    .join(',');
  return {
    manifest: encode(`${body},\n   "signatures": [${signatures}]\n}`),
    payload: encode(payload),
  };
}
const header = (formatLength: unknown, formatTail: unknown) =>
  b64url(JSON.stringify({ formatLength, formatTail, time: '2016-01-01T00:00:00Z' }));

describe('containersManifestDigest', () => {
  it('is the sha256 of the bytes for OCI and Docker schema 2 manifests', () => {
    const manifest = encode(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}',
    );
    assert.equal(containersManifestDigest(manifest), digestOf(manifest));
  });

  it('is the sha256 of the bytes for something that is not JSON', () => {
    assert.equal(containersManifestDigest(encode('not json')), digestOf(encode('not json')));
  });

  it('is the sha256 of the bytes for an unsigned schema 1 manifest', () => {
    const manifest = encode('{"schemaVersion":1,"name":"a/b"}');
    assert.equal(containersManifestDigest(manifest), digestOf(manifest));
  });

  it('strips the JWS signatures of a signed schema 1 manifest', () => {
    const { manifest, payload } = signedSchema1([header(BODY_LENGTH, b64url('\n}'))]);
    assert.equal(
      new TextDecoder().decode(manifest.subarray(0, BODY_LENGTH)).endsWith('"1.0"'),
      true,
    );
    assert.equal(containersManifestDigest(manifest), digestOf(payload));
  });

  it('accepts several signatures that agree on the format', () => {
    const agreeing = header(BODY_LENGTH, b64url('\n}'));
    const { manifest, payload } = signedSchema1([agreeing, agreeing]);
    assert.equal(containersManifestDigest(manifest), digestOf(payload));
  });

  it('trusts a declared schema 2 media type even with a "signatures" member', () => {
    const manifest = encode(
      '{"schemaVersion":1,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","signatures":[]}',
    );
    assert.equal(containersManifestDigest(manifest), digestOf(manifest));
  });

  const broken: [what: string, headers: string[], problem: RegExp][] = [
    [
      'signatures that disagree',
      [header(BODY_LENGTH, b64url('\n}')), header(BODY_LENGTH - 1, b64url('\n}'))],
      /disagree/,
    ],
    [
      'a formatLength beyond the manifest',
      [header(100_000, b64url('\n}'))],
      /exceeds the manifest/,
    ],
    ['a negative formatLength', [header(-1, b64url('\n}'))], /no valid formatLength/],
    ['a missing formatTail', [header(BODY_LENGTH, undefined)], /no formatTail/],
    ['a formatTail that is not base64url', [header(BODY_LENGTH, '!!')], /not base64url/],
    ['a protected header that is not JSON', [b64url('nope')], /not base64url JSON/],
  ];
  for (const [what, headers, problem] of broken) {
    it(`refuses ${what}`, () => {
      assert.throws(() => containersManifestDigest(signedSchema1(headers).manifest, 'm.json'), {
        code: 'GPG_MANIFEST_INVALID',
        message: problem,
      });
    });
  }

  it('refuses a "signatures" member that is not a list of JWS signatures', () => {
    for (const signatures of ['1', '[]', '[{}]']) {
      const manifest = encode(`{"schemaVersion":1,"signatures":${signatures}}`);
      assert.throws(() => containersManifestDigest(manifest), { code: 'GPG_MANIFEST_INVALID' });
    }
  });
});
