import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../oci/reference/index.js';
import { dockerPolicyIdentity, dockerScopesMostSpecificFirst } from './docker-scopes.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('docker configuration scopes', () => {
  it('names a tagged image by its expanded reference, adding latest when no tag is given', () => {
    assert.equal(
      dockerPolicyIdentity(parseReference('busybox')),
      'docker.io/library/busybox:latest',
    );
    assert.equal(
      dockerPolicyIdentity(parseReference('quay.io/team/app:1.0')),
      'quay.io/team/app:1.0',
    );
  });

  it('names a digest reference by its digest, also when a tag is written too', () => {
    assert.equal(
      dockerPolicyIdentity(parseReference(`quay.io/team/app:1.0@${DIGEST}`)),
      `quay.io/team/app@${DIGEST}`,
    );
  });

  it('searches the repository, its namespaces, the host and subdomain wildcards in order', () => {
    assert.deepEqual(
      dockerScopesMostSpecificFirst(parseReference('reg.example.com:5000/a/b/c:1')),
      [
        'reg.example.com:5000/a/b/c:1',
        'reg.example.com:5000/a/b/c',
        'reg.example.com:5000/a/b',
        'reg.example.com:5000/a',
        'reg.example.com:5000',
        '*.example.com',
        '*.com',
      ],
    );
  });

  it('gives a host without dots no wildcard scope', () => {
    assert.deepEqual(dockerScopesMostSpecificFirst(parseReference('localhost:5000/app:1')), [
      'localhost:5000/app:1',
      'localhost:5000/app',
      'localhost:5000',
    ]);
  });
});
