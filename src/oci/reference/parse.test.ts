import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../core/errors.js';
import { parseReference } from './parse.js';

const SHA256 = `sha256:${'f'.repeat(64)}`;
const SHA512 = `sha512:${'e'.repeat(128)}`;
const HEX64 = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';

/** input → [registry, repository, tag, digest] */
const VALID: ReadonlyArray<readonly [string, string, string, string?, string?]> = [
  // Docker Hub: default registry, library/ for one-component names, legacy alias.
  ['nginx', 'docker.io', 'library/nginx', 'latest'],
  ['nginx:1.25', 'docker.io', 'library/nginx', '1.25'],
  ['library/nginx', 'docker.io', 'library/nginx', 'latest'],
  ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest'],
  ['docker.io/library/nginx:1', 'docker.io', 'library/nginx', '1'],
  ['index.docker.io/nginx', 'docker.io', 'library/nginx', 'latest'],
  ['index.docker.io/docker/docker', 'docker.io', 'docker/docker', 'latest'],
  ['INDEX.DOCKER.IO/team/app', 'docker.io', 'team/app', 'latest'],
  ['docker/docker', 'docker.io', 'docker/docker', 'latest'],
  ['library/foo/bar', 'docker.io', 'library/foo/bar', 'latest'],
  ['test_com/foo', 'docker.io', 'test_com/foo', 'latest'],
  ['foo/foo_bar.com:8080', 'docker.io', 'foo/foo_bar.com', '8080'],
  [`docker.io/${HEX64}`, 'docker.io', `library/${HEX64}`, 'latest'],
  [`${HEX64}:v1`, 'docker.io', `library/${HEX64}`, 'v1'],
  // A single component is always a Docker Hub name, even when it looks like a host.
  ['localhost', 'docker.io', 'library/localhost', 'latest'],
  ['localhost:5000', 'docker.io', 'library/localhost', '5000'],
  ['test.com:5000', 'docker.io', 'library/test.com', '5000'],
  ['192.168.1.1', 'docker.io', 'library/192.168.1.1', 'latest'],
  ['foo_bar.com:8080', 'docker.io', 'library/foo_bar.com', '8080'],
  // Registries: ".", ":" or localhost in the first component; lowercased.
  ['test.com/foo', 'test.com', 'foo', 'latest'],
  ['test.com:8080/foo', 'test.com:8080', 'foo', 'latest'],
  ['test-com:8080/foo', 'test-com:8080', 'foo', 'latest'],
  ['test:5000/repo', 'test:5000', 'repo', 'latest'],
  ['localhost/foo', 'localhost', 'foo', 'latest'],
  ['LOCALHOST/foo', 'localhost', 'foo', 'latest'],
  ['localhost:5000/a/b:tag', 'localhost:5000', 'a/b', 'tag'],
  ['Registry.Example.COM/team/app', 'registry.example.com', 'team/app', 'latest'],
  ['example.com:65535/app', 'example.com:65535', 'app', 'latest'],
  ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000', 'private/moonbase', 'latest'],
  ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000', 'repo', '5050'],
  ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com', 'myimage', 'xn--n3h.com'],
  [
    'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
    'sub-dom1.foo.com',
    'bar/baz/quux',
    'some-long-tag',
  ],
  [
    'b.gcr.io/test.example.com/my-app:test.example.com',
    'b.gcr.io',
    'test.example.com/my-app',
    'test.example.com',
  ],
  // IPv6 hosts in brackets.
  ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', 'latest'],
  ['[::1]:5000/repo', '[::1]:5000', 'repo', 'latest'],
  ['[FC00::1]:5000/docker', '[fc00::1]:5000', 'docker', 'latest'],
  ['[2001:db8:1:2:3:4:5:6]/repo:tag', '[2001:db8:1:2:3:4:5:6]', 'repo', 'tag'],
  [`[2001:db8::1]:5000/repo:tag@${SHA256}`, '[2001:db8::1]:5000', 'repo', 'tag', SHA256],
  // Path components and tags.
  ['docker---rules/docker', 'docker.io', 'docker---rules/docker', 'latest'],
  ['dock__er/docker', 'docker.io', 'dock__er/docker', 'latest'],
  ['d/docker', 'docker.io', 'd/docker', 'latest'],
  ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase'],
  ['nginx:_private', 'docker.io', 'library/nginx', '_private'],
  [`nginx:${'t'.repeat(128)}`, 'docker.io', 'library/nginx', 't'.repeat(128)],
  // Digests, alone (no default tag) and with a tag.
  [`busybox@${SHA256}`, 'docker.io', 'library/busybox', undefined, SHA256],
  [`busybox:latest@${SHA256}`, 'docker.io', 'library/busybox', 'latest', SHA256],
  [`test:5000/repo@${SHA256}`, 'test:5000', 'repo', undefined, SHA256],
  [
    `xn--7o8h.com/myimage:xn--7o8h.com@${SHA512}`,
    'xn--7o8h.com',
    'myimage',
    'xn--7o8h.com',
    SHA512,
  ],
  // Exactly 255 characters with the registry: "docker.io/library/" is 18.
  ['a'.repeat(237), 'docker.io', `library/${'a'.repeat(237)}`, 'latest'],
];

/** input → fragment the message must contain */
const INVALID: ReadonlyArray<readonly [string, string]> = [
  ['', 'the reference is empty'],
  [':justtag', 'the repository name is missing'],
  [`@${SHA256}`, 'the repository name is missing'],
  ['Uppercase:tag', 'repository name must be lowercase ("Uppercase" has uppercase letters)'],
  ['docker/Docker', 'repository name must be lowercase'],
  ['docker.io/docker/Docker', 'repository name must be lowercase'],
  ['test:5000/Uppercase/lowercase:tag', 'repository name must be lowercase'],
  ['DOCKER/docker', 'a registry host needs a "." or a ":port", or must be localhost'],
  ['https://github.com/docker/docker', 'a reference has no URL scheme'],
  ['docker://quay.io/library/foo:bar', 'a reference has no URL scheme'],
  ['-docker', 'repository path component "-docker" is not valid'],
  ['-docker/docker', 'repository path component "-docker" is not valid'],
  ['docker-/docker', 'repository path component "docker-" is not valid'],
  ['____/____', 'repository path component "____" is not valid'],
  ['_docker/_docker', 'repository path component "_docker" is not valid'],
  // With a "." the first component is a registry host, so these fail as hosts...
  ['dock..er/docker', 'registry host "dock..er" is not a valid host name'],
  ['dock_.er/docker', 'registry host "dock_.er" is not a valid host name'],
  ['dock-.er/docker', 'registry host "dock-.er" is not a valid host name'],
  // ...and as path components further on.
  ['team/dock..er', 'repository path component "dock..er" is not valid'],
  ['team/dock_.er', 'repository path component "dock_.er" is not valid'],
  ['team/dock-.er', 'repository path component "dock-.er" is not valid'],
  ['aa/asdf$$^/aa', 'repository path component "asdf$$^" is not valid'],
  ['test image:1', 'repository path component "test image" is not valid'],
  [' nginx', 'repository path component " nginx" is not valid'],
  ['docker///docker', 'empty component'],
  ['docker/', 'empty component'],
  ['docker.io/docker///docker', 'empty component'],
  ['example.com/', 'empty component'],
  ['-docker.io/docker/docker', 'registry host "-docker.io" is not a valid host name'],
  ['foo..com/app', 'registry host "foo..com" is not a valid host name'],
  ['foo_bar.com/app', 'registry host "foo_bar.com" is not a valid host name'],
  ['example.com:99999/app', 'registry port "99999" is not a number from 0 to 65535'],
  ['private.registry:port/namespace/test:1', 'registry port "port" is not a number'],
  ['fc00::1:5000/debian', 'registry port ":1:5000" is not a number'],
  ['[fc00::1]', 'is not valid'],
  ['[fc00::1]:5000', 'is not valid'],
  ['[2001:db8::1]:tag', 'is not valid'],
  ['[::1/repo', 'has no closing "]"'],
  ['[fe80::1%eth0]:5000/debian', 'zone identifiers and embedded IPv4 are not supported'],
  [
    '[2001:db8:3:4::192.0.2.33]:5000/debian',
    'zone identifiers and embedded IPv4 are not supported',
  ],
  ['[::1]x/repo', 'unexpected "x" after the IPv6 registry address'],
  [HEX64, 'a 64-character hex string is an image ID'],
  ['a'.repeat(238), 'has 256 characters with its registry, at most 255'],
  [`${'a/'.repeat(128)}a:tag`, 'characters with its registry, at most 255'],
  [`nginx:${'x'.repeat(129)}`, `tag "${'x'.repeat(129)}" has 129 characters, at most 128`],
  ['nginx:', 'the tag after ":" is empty'],
  ['nginx:-x', 'must not start with "." or "-"'],
  ['nginx:.x', 'must not start with "." or "-"'],
  ['nginx:a:b', 'tag "a:b" may contain only'],
  ['private.registry:5000/namespace/test:image:1', 'tag "image:1" may contain only'],
  ['nginx@', 'the digest after "@" is empty'],
  [`repo@sha256:${'f'.repeat(34)}`, 'a sha256 digest has 64 hex characters'],
  [`repo@sha512:${'f'.repeat(64)}`, 'a sha512 digest has 128 hex characters'],
  [
    `validname@invaliddigest:${'f'.repeat(64)}`,
    'digest algorithm "invaliddigest" is not supported',
  ],
  [`a@sha384:${'f'.repeat(96)}`, 'digest algorithm "sha384" is not supported'],
  [`a@sha256:${'F'.repeat(64)}`, 'must use lowercase hex digits'],
  [`a@sha256:${'g'.repeat(64)}`, 'is not of the form algorithm:hex'],
  [`a@1sha256:${'f'.repeat(64)}`, 'is not of the form algorithm:hex'],
  [`a@${SHA256}@${SHA256}`, 'is not of the form algorithm:hex'],
  ['private@registry:5000/test', 'digest "registry:5000/test" is not of the form'],
  ['x'.repeat(2000), 'it has 2000 characters; no valid reference has more than 1024'],
];

describe('parseReference', () => {
  for (const [input, registry, repository, tag, digest] of VALID) {
    it(`normalises ${JSON.stringify(input.length > 70 ? input.slice(0, 70) + '…' : input)}`, () => {
      const expected = {
        registry,
        repository,
        ...(tag === undefined ? {} : { tag }),
        ...(digest === undefined ? {} : { digest }),
      };
      assert.deepEqual(parseReference(input), expected);
    });
  }

  for (const [input, fragment] of INVALID) {
    it(`rejects ${JSON.stringify(input.length > 70 ? input.slice(0, 70) + '…' : input)} saying what is wrong`, () => {
      assert.throws(
        () => parseReference(input),
        (error: unknown) => {
          assert.ok(error instanceof SignetError);
          assert.equal(error.code, 'REFERENCE_INVALID');
          assert.equal(error.category, 'usage');
          assert.ok(error.message.includes(fragment), `message was: ${error.message}`);
          const quoted = JSON.stringify(input.length > 300 ? `${input.slice(0, 300)}…` : input);
          assert.ok(error.message.startsWith(`invalid reference ${quoted}: `), error.message);
          return true;
        },
      );
    });
  }

  it('rejects an upper-case first component instead of treating it as a registry host', () => {
    assert.throws(() => parseReference('Foo/bar'), {
      code: 'REFERENCE_INVALID',
      message:
        'invalid reference "Foo/bar": repository name must be lowercase ("Foo" has uppercase ' +
        'letters; a registry host needs a "." or a ":port", or must be localhost)',
    });
  });

  it('escapes control characters of the input in the message', () => {
    assert.throws(
      () => parseReference('nginx\n[INFO] forged log line'),
      (error: unknown) => {
        assert.ok(error instanceof SignetError);
        assert.ok(!error.message.includes('\n'), error.message);
        assert.ok(error.message.startsWith('invalid reference "nginx\\n[INFO]'), error.message);
        return true;
      },
    );
  });

  it('rejects a value that is not a string with REFERENCE_INVALID', () => {
    assert.throws(() => parseReference(42 as unknown as string), {
      code: 'REFERENCE_INVALID',
      message: 'invalid reference "42": a reference must be a string, not number',
    });
  });

  it('returns a frozen reference', () => {
    assert.ok(Object.isFrozen(parseReference('nginx')));
  });
});
