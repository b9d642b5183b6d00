import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectCi, provenanceFromCi } from './ci-environment.js';
import { buildProvenancePredicate, gitDependency } from './predicate.js';

describe('provenance from the CI environment', () => {
  it('detects GitHub Actions and GitLab CI by their documented variables only', () => {
    assert.equal(detectCi({ GITHUB_ACTIONS: 'true' }), 'github');
    assert.equal(detectCi({ GITLAB_CI: 'true' }), 'gitlab');
    assert.equal(detectCi({ CI: 'true' }), undefined);
  });

  it('names a self-hosted GitHub runner as such and leaves out what is not set', () => {
    const input = provenanceFromCi('github', {
      GITHUB_REPOSITORY: 'a/b',
      RUNNER_ENVIRONMENT: 'self-hosted',
    });
    assert.equal(input.builderId, 'https://github.com/actions/runner/self-hosted');
    assert.equal(input.invocationId, undefined);
    assert.deepEqual(input.resolvedDependencies, [{ uri: 'git+https://github.com/a/b' }]);
  });

  it('writes git sources as SLSA build types name them', () => {
    assert.deepEqual(gitDependency('https://g.example/r', 'abc', 'refs/heads/main'), {
      uri: 'git+https://g.example/r@refs/heads/main',
      digest: { gitCommit: 'abc' },
    });
    assert.deepEqual(gitDependency('git+https://g.example/r'), { uri: 'git+https://g.example/r' });
  });

  it('leaves empty optional parts out of the predicate', () => {
    assert.deepEqual(
      buildProvenancePredicate({
        buildType: 'https://t',
        builderId: 'https://b',
        externalParameters: {},
        internalParameters: {},
        resolvedDependencies: [],
      }),
      {
        buildDefinition: { buildType: 'https://t', externalParameters: {} },
        runDetails: { builder: { id: 'https://b' } },
      },
    );
  });
});
