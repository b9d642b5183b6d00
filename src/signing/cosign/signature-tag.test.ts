import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signatureTag } from './signature-tag.js';

const hex = '634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';

describe('signatureTag', () => {
  it('names the .sig, .att and .sbom tags of a digest', () => {
    assert.equal(signatureTag(`sha256:${hex}`), `sha256-${hex}.sig`);
    assert.equal(signatureTag(`sha256:${hex}`, 'att'), `sha256-${hex}.att`);
    assert.equal(signatureTag(`sha256:${hex}`, 'sbom'), `sha256-${hex}.sbom`);
  });

  it('refuses a tag or a malformed digest', () => {
    assert.throws(() => signatureTag('latest'), { code: 'DIGEST_INVALID' });
    assert.throws(() => signatureTag(`sha256:${hex.slice(1)}`), { code: 'DIGEST_INVALID' });
  });
});
