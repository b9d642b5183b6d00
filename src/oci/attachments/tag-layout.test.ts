// cosign's legacy tag layout, which Signet signs into and reads signatures from: both
// sides of cosign compatibility depend on the exact `<alg>-<hex>.<suffix>` spelling.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentTag } from './tag-layout.js';

const hex = '634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';

describe('cosign signature tags (attachmentTag)', () => {
  it('names the .sig, .att and .sbom tags of a digest', () => {
    assert.equal(attachmentTag(`sha256:${hex}`, 'sig'), `sha256-${hex}.sig`);
    assert.equal(attachmentTag(`sha256:${hex}`, 'att'), `sha256-${hex}.att`);
    assert.equal(attachmentTag(`sha256:${hex}`, 'sbom'), `sha256-${hex}.sbom`);
  });

  it('refuses a tag or a malformed digest', () => {
    assert.throws(() => attachmentTag('latest', 'sig'), { code: 'DIGEST_INVALID' });
    assert.throws(() => attachmentTag(`sha256:${hex.slice(1)}`, 'sig'), { code: 'DIGEST_INVALID' });
  });
});
