import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignaturePath, requestPath } from './signature-path.js';

const HEX = 'a'.repeat(64);

describe('signature server paths', () => {
  it('reads the repository, digest and number of a layout path', () => {
    assert.deepEqual(parseSignaturePath(`/team/app@sha256=${HEX}/signature-12`), {
      repository: 'team/app',
      digest: `sha256:${HEX}`,
      index: 12,
    });
  });

  it('takes the path of an origin-form target as sent and refuses any other form', () => {
    assert.equal(requestPath('/team/app@x/signature-1?x=1'), '/team/app@x/signature-1');
    assert.equal(requestPath('/a/%2e%2e/b'), '/a/%2e%2e/b');
    assert.equal(requestPath('http://other/team/app'), undefined);
    assert.equal(requestPath('*'), undefined);
  });

  const refused = [
    `/../etc@sha256=${HEX}/signature-1`,
    `/x/../team/app@sha256=${HEX}/signature-1`,
    `/x/%2e%2e/team/app@sha256=${HEX}/signature-1`,
    `/team/./app@sha256=${HEX}/signature-1`,
    `/x\\..\\team/app@sha256=${HEX}/signature-1`,
    `//team/app@sha256=${HEX}/signature-1`,
    `/team//app@sha256=${HEX}/signature-1`,
    `/team%2fapp@sha256=${HEX}/signature-1`,
    `/Team/app@sha256=${HEX}/signature-1`,
    `/team/app@sha256=${'a'.repeat(63)}/signature-1`,
    `/team/app@md5=${HEX}/signature-1`,
    `/team/app@sha256=${HEX}/signature-0`,
    `/team/app@sha256=${HEX}/signature-129`,
    `/team/app@sha256:${HEX}/signature-1`,
    '/upload',
  ];
  for (const path of refused) {
    it(`names no signature for ${path.slice(0, 40)}`, () => {
      assert.equal(parseSignaturePath(path), undefined);
    });
  }
});
