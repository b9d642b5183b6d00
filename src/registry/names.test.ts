// Names from request paths: the spec's exact patterns, nothing that could become a path escape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigest, checkRepositoryName, isTag, parseManifestReference } from './names.js';

describe('checkRepositoryName', () => {
  const valid = ['a', 'library/nginx', 'team/app-x/sub_part', 'a.b/c__d', 'x--y'];
  const invalid = [
    '',
    'A',
    '../etc',
    'a/../b',
    'a//b',
    '/a',
    'a/',
    '_a',
    'a/_tags',
    'a%2e',
    'a b',
    'a\\b',
    'x'.repeat(256),
  ];
  for (const name of valid)
    it(`accepts "${name}"`, () => assert.equal(checkRepositoryName(name), name));
  for (const name of invalid) {
    it(`refuses "${name.slice(0, 40)}" with NAME_INVALID`, () =>
      assert.throws(() => checkRepositoryName(name), { code: 'NAME_INVALID' }));
  }
});

describe('tags and digests', () => {
  it('accepts tags of the spec pattern only', () => {
    for (const tag of ['latest', 'v1.2.3', '_x', 'A-b_c.d', 'x'.repeat(128)])
      assert.ok(isTag(tag), tag);
    for (const tag of ['', '.', '..', '-x', '.hidden', 'a/b', 'a:b', 'x'.repeat(129)])
      assert.ok(!isTag(tag), tag);
  });

  it('reads a reference with a colon as a digest, else as a tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(parseManifestReference(digest), { kind: 'digest', digest });
    assert.deepEqual(parseManifestReference('v1'), { kind: 'tag', tag: 'v1' });
    assert.throws(() => parseManifestReference('sha256:abc'), { code: 'DIGEST_INVALID' });
    assert.throws(() => parseManifestReference('..'), { code: 'TAG_INVALID' });
    assert.throws(() => checkDigest('md5:abc'), { code: 'DIGEST_INVALID' });
  });
});
