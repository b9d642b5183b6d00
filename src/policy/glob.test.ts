import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../oci/reference/index.js';
import { compileGlob, globMatches, imageMatchName } from './glob.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

// Cases follow policy-controller's pkg/apis/glob tests, with the image normalised first.
const MATCHES: [image: string, glob: string, expected: boolean][] = [
  ['foo', 'index.docker.io/library/foo:latest', true],
  ['foo', 'index.docker.io/library/foo:*', true],
  ['foo', 'index.docker.io/library/*', true],
  ['foo', 'index.docker.io/library/*:latest', true],
  ['foo', 'index.docker.io/*/*', true],
  ['foo', 'index.docker.io/**', true],
  ['foo', 'index.docker.**', true],
  ['foo', 'inde**', true],
  ['foo', '**', true],
  ['foo', '*', true], // rewritten to index.docker.io/library/*
  ['myuser/myapp', '*/*', true], // rewritten to index.docker.io/*/*
  ['myuser/myapp', '*', false],
  ['myuser/myapp', 'index.docker.io/myuser/*:latest', true],
  ['docker.io/library/nginx:1.25', 'index.docker.io/library/nginx:1.*', true],
  ['index.docker.io/nginx', 'index.docker.io/library/nginx:latest', true],
  ['ghcr.io/foo/bar', 'ghcr.io/*/*', true],
  ['ghcr.io/foo/bar', 'ghcr.io/**', true],
  ['ghcr.io/foo', 'ghcr.io/*/*', false], // the second * needs a component
  ['ghcr.io/foo', '*/**', true],
  ['ghcr.io/foo', 'ghcr.io/foo*', true], // * crosses ":" (tag)
  ['ghcr.io/a/b:v1', 'ghcr.io/**:v1', true],
  ['ghcr.io/acme/team/deep/app:1', 'ghcr.io/acme/**', true],
  ['prefix-ghcr.io/foo', 'ghcr.io/foo', false], // anchored at the start
  ['ghcr.io/foo-suffix', 'ghcr.io/foo', false], // anchored at the end
  ['ghcrxio/foo', 'ghcr.io/**', false], // "." is literal
  ['foo', 'foo', false], // no fallback to the unnormalised name (the webhook never used it)
  [`ghcr.io/a/b:v1@${DIGEST}`, `ghcr.io/a/b**`, true], // a digest reference drops its tag…
  [`ghcr.io/a/b:v1@${DIGEST}`, 'ghcr.io/a/b:v1**', false], // …so its tag cannot be matched
  [`ghcr.io/a/b@${DIGEST}`, 'ghcr.io/a/b*', true], // * crosses "@"
  [`ghcr.io/a/b@${DIGEST}`, 'ghcr.io/a/b@sha256:*', true], // "@" pins a digest in the glob
  [`ghcr.io/a/b@${DIGEST}`, `ghcr.io/a/b@${DIGEST}`, true],
  [`ghcr.io/a/b@sha256:${'cd'.repeat(32)}`, `ghcr.io/a/b@${DIGEST}`, false],
  ['ghcr.io/a/b:v1', 'ghcr.io/a/b@sha256:*', false], // a tag reference has no digest to match
  [`ghcr.io/a/b:v1@${DIGEST}`, 'ghcr.io/a/b@sha256:*', true], // its tag dropped, as named
  [`ghcr.io/a/bc@${DIGEST}`, 'ghcr.io/a/b@sha256:*', false],
  [`ghcr.io/team/x@${DIGEST}`, 'ghcr.io/team/*@sha256:*', true],
  [`ghcr.io/team/x/y@${DIGEST}`, 'ghcr.io/team/**@sha256:*', true],
  ['localhost:5000/team/app:1', 'localhost:5000/team/**', true],
  ['127.0.0.1:5000/team/app', '127.0.0.1:5000/*/app:latest', true],
];

describe('glob matching', () => {
  for (const [image, glob, expected] of MATCHES) {
    it(`${expected ? 'matches' : 'does not match'} ${image} with ${glob}`, () => {
      const compiled = compileGlob(glob);
      assert.ok(compiled.ok, `glob ${glob} should compile`);
      assert.equal(
        globMatches(compiled.regex, parseReference(image)),
        expected,
        imageMatchName(parseReference(image)),
      );
    });
  }

  for (const glob of [
    '[',
    '.+',
    '[a-z]*',
    'ghcr.io/app?',
    'a b',
    'ghcr.io/(x|y)',
    'ghcr.io/a#sha256',
    'ghcr.io/a@sha256:[0-9a-f]+',
    'x'.repeat(2000),
  ]) {
    it(`rejects the glob ${JSON.stringify(glob.slice(0, 20))}`, () => {
      const compiled = compileGlob(glob);
      assert.equal(compiled.ok, false);
    });
  }

  it('names images as go-containerregistry does before matching', () => {
    assert.equal(imageMatchName(parseReference('nginx')), 'index.docker.io/library/nginx:latest');
    assert.equal(
      imageMatchName(parseReference(`nginx:1@${DIGEST}`)),
      `index.docker.io/library/nginx@${DIGEST}`,
    );
    assert.equal(imageMatchName(parseReference('quay.io/a/b:2')), 'quay.io/a/b:2');
  });
});
