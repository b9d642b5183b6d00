import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkSimpleSignature } from './check.js';

const DIGEST = `sha256:${'1'.repeat(64)}`;
const payload = { dockerReference: 'quay.io/team/app:1.0', manifestDigest: DIGEST };

describe('checkSimpleSignature', () => {
  it('accepts the signed digest and reference', () => {
    checkSimpleSignature(payload, {
      manifestDigest: DIGEST,
      dockerReference: 'quay.io/team/app:1.0',
    });
  });

  it('rejects a signature for another manifest and names both digests', () => {
    const other = `sha256:${'2'.repeat(64)}`;
    assert.throws(
      () =>
        checkSimpleSignature(payload, {
          manifestDigest: other,
          dockerReference: 'quay.io/team/app:1.0',
          source: 'signature-3',
        }),
      (error: Error & { code?: string; details?: Record<string, unknown> }) => {
        assert.equal(error.code, 'GPG_DIGEST_MISMATCH');
        assert.match(
          error.message,
          /^signature-3 signs manifest sha256:1{64}, but the image's manifest is sha256:2{64}/,
        );
        assert.deepEqual(error.details, { signed: DIGEST, actual: other });
        return true;
      },
    );
  });

  it('rejects a signature for the same digest written with another algorithm', () => {
    assert.throws(
      () =>
        checkSimpleSignature(payload, {
          manifestDigest: `sha512:${'1'.repeat(128)}`,
          dockerReference: 'quay.io/team/app:1.0',
        }),
      { code: 'GPG_DIGEST_MISMATCH' },
    );
  });

  it('rejects a signature for another reference and names the rule', () => {
    assert.throws(
      () =>
        checkSimpleSignature(payload, {
          manifestDigest: DIGEST,
          dockerReference: 'quay.io/team/app:2.0',
        }),
      {
        code: 'GPG_IDENTITY_MISMATCH',
        message:
          /made for quay.io\/team\/app:1.0, which does not match quay.io\/team\/app:2.0 under rule exact/,
      },
    );
  });

  it('applies the identity rule passed in', () => {
    checkSimpleSignature(payload, {
      manifestDigest: DIGEST,
      dockerReference: 'quay.io/team/app:2.0',
      identityRule: { type: 'matchRepository' },
    });
  });

  it('reports a signed reference that does not parse as an invalid payload', () => {
    assert.throws(
      () =>
        checkSimpleSignature(
          { ...payload, dockerReference: 'Not A Reference' },
          { manifestDigest: DIGEST, dockerReference: 'a/b:1' },
        ),
      { code: 'GPG_PAYLOAD_INVALID', message: /"Not A Reference", which is not a valid reference/ },
    );
  });

  it('reports a malformed expected reference as a usage error', () => {
    assert.throws(
      () => checkSimpleSignature(payload, { manifestDigest: DIGEST, dockerReference: 'BAD REF' }),
      {
        code: 'REFERENCE_INVALID',
      },
    );
  });
});
