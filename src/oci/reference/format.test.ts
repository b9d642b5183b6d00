import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { familiarReference, formatReference, repositoryOf, withDigest, withTag } from './format.js';
import { parseReference } from './parse.js';

const SHA256 = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;
const HEX64 = 'c'.repeat(64);

/** input → [fully qualified, familiar] */
const FORMS: ReadonlyArray<readonly [string, string, string]> = [
  ['nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
  ['nginx:1.25', 'docker.io/library/nginx:1.25', 'nginx:1.25'],
  ['index.docker.io/fooo/bar', 'docker.io/fooo/bar:latest', 'fooo/bar:latest'],
  ['library/ubuntu', 'docker.io/library/ubuntu:latest', 'ubuntu:latest'],
  ['other/library', 'docker.io/other/library:latest', 'other/library:latest'],
  ['library/foo/bar', 'docker.io/library/foo/bar:latest', 'library/foo/bar:latest'],
  [
    '127.0.0.1:8000/private/moonbase',
    '127.0.0.1:8000/private/moonbase:latest',
    '127.0.0.1:8000/private/moonbase:latest',
  ],
  ['example.com/privatebase:v1', 'example.com/privatebase:v1', 'example.com/privatebase:v1'],
  [
    `busybox:latest@${SHA256}`,
    `docker.io/library/busybox:latest@${SHA256}`,
    `busybox:latest@${SHA256}`,
  ],
  [`busybox@${SHA256}`, `docker.io/library/busybox@${SHA256}`, `busybox@${SHA256}`],
  // Dropping docker.io here would make the namespace read as a registry host.
  ['docker.io/foo.com/bar', 'docker.io/foo.com/bar:latest', 'docker.io/foo.com/bar:latest'],
  ['docker.io/localhost/bar', 'docker.io/localhost/bar:latest', 'docker.io/localhost/bar:latest'],
];

describe('formatReference and familiarReference', () => {
  for (const [input, full, familiar] of FORMS) {
    it(`prints ${input} as ${full} and ${familiar}`, () => {
      const ref = parseReference(input);
      assert.equal(formatReference(ref), full);
      assert.equal(familiarReference(ref), familiar);
      assert.deepEqual(parseReference(familiar), ref);
    });
  }

  it('keeps the registry for a bare image ID name that would not parse back', () => {
    const ref = { registry: 'docker.io', repository: `library/${HEX64}` };
    assert.equal(familiarReference(ref), `docker.io/library/${HEX64}`);
  });

  it('prints a hand-built reference without tag or digest as its repository', () => {
    assert.equal(
      formatReference({ registry: 'ghcr.io', repository: 'team/app' }),
      'ghcr.io/team/app',
    );
  });
});

describe('repositoryOf', () => {
  it('names the registry and repository without tag or digest', () => {
    assert.equal(repositoryOf(parseReference(`nginx:1@${SHA256}`)), 'docker.io/library/nginx');
  });
});

describe('withDigest', () => {
  it('pins the reference and keeps its tag', () => {
    assert.deepEqual(withDigest(parseReference('ghcr.io/a/b:v1'), SHA256), {
      registry: 'ghcr.io',
      repository: 'a/b',
      tag: 'v1',
      digest: SHA256,
    });
  });

  it('replaces an earlier digest', () => {
    assert.equal(withDigest(parseReference(`a@${SHA256}`), OTHER).digest, OTHER);
  });

  it('rejects a digest of the wrong length naming the resulting reference', () => {
    assert.throws(() => withDigest(parseReference('ghcr.io/a/b:v1'), 'sha256:abc'), {
      code: 'REFERENCE_INVALID',
      message:
        /^invalid reference "ghcr.io\/a\/b@sha256:abc": digest is not valid: a sha256 digest has 64/,
    });
  });

  it('rejects an unsupported algorithm', () => {
    assert.throws(() => withDigest(parseReference('a'), `md5:${'f'.repeat(32)}`), {
      code: 'REFERENCE_INVALID',
      message: /digest algorithm "md5" is not supported/,
    });
  });
});

describe('withTag', () => {
  it('sets the tag and drops the digest, which belonged to the old tag', () => {
    assert.deepEqual(withTag(parseReference(`ghcr.io/a/b:v1@${SHA256}`), 'v2'), {
      registry: 'ghcr.io',
      repository: 'a/b',
      tag: 'v2',
    });
  });

  it('rejects an invalid tag naming the resulting reference', () => {
    assert.throws(() => withTag(parseReference('ghcr.io/a/b'), '-bad'), {
      code: 'REFERENCE_INVALID',
      message: /^invalid reference "ghcr.io\/a\/b:-bad": tag "-bad" may contain only/,
    });
  });

  it('rejects a tag longer than 128 characters', () => {
    assert.throws(() => withTag(parseReference('a'), 'x'.repeat(129)), {
      message: /has 129 characters, at most 128/,
    });
  });
});
