import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkProvenance, normaliseSource } from './provenance-checks.js';

const COMMIT = 'ab'.repeat(20);
const V1 = {
  buildDefinition: {
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    externalParameters: {},
    resolvedDependencies: [
      { uri: 'oci://golang', digest: { sha256: 'cd'.repeat(32) } },
      { uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { gitCommit: COMMIT } },
    ],
  },
  runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
};
const V02 = {
  builder: { id: 'https://cloudbuild.example/builder' },
  buildType: 'https://cloudbuild.example/type',
  invocation: {
    configSource: {
      uri: 'git+https://github.com/acme/app.git@refs/tags/v1',
      digest: { sha1: COMMIT },
    },
  },
  materials: [],
};
const V1_TYPE = 'https://slsa.dev/provenance/v1';
const V02_TYPE = 'https://slsa.dev/provenance/v0.2';

describe('slsa-verifier checks over provenance', () => {
  it('accepts v1 provenance matching builder, source, commit and build type', () => {
    assert.equal(
      checkProvenance(V1_TYPE, V1, {
        builderId: 'https://github.com/actions/runner/github-hosted',
        sourceUri: 'github.com/acme/app',
        sourceDigest: COMMIT,
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      }),
      undefined,
    );
    assert.equal(
      checkProvenance(V1_TYPE, V1, {
        sourceUri: 'https://github.com/acme/app',
        sourceDigest: `gitCommit:${COMMIT}`,
      }),
      undefined,
    );
  });

  it('accepts v0.2 provenance through its config source', () => {
    assert.equal(
      checkProvenance(V02_TYPE, V02, {
        builderId: 'https://cloudbuild.example/builder',
        sourceUri: 'github.com/acme/app',
        sourceDigest: `sha1:${COMMIT}`,
        buildType: 'https://cloudbuild.example/type',
      }),
      undefined,
    );
  });

  const refused: [string, string, unknown, Record<string, string>, RegExp][] = [
    [
      'refuses another builder, naming the field',
      V1_TYPE,
      V1,
      { builderId: 'https://evil.example' },
      /^predicate\.runDetails\.builder\.id is "https:\/\/github\.com\/actions\/runner\/github-hosted", not "https:\/\/evil\.example"$/,
    ],
    [
      'refuses another v0.2 builder',
      V02_TYPE,
      V02,
      { builderId: 'x' },
      /^predicate\.builder\.id is/,
    ],
    [
      'refuses another source',
      V1_TYPE,
      V1,
      { sourceUri: 'github.com/acme/other' },
      /no predicate\.buildDefinition\.resolvedDependencies\[\]\.uri names the source/,
    ],
    [
      'refuses another commit',
      V1_TYPE,
      V1,
      { sourceUri: 'github.com/acme/app', sourceDigest: 'ff'.repeat(20) },
      /has no digest/,
    ],
    [
      'refuses a digest of another algorithm',
      V1_TYPE,
      V1,
      { sourceDigest: `sha1:${COMMIT}` },
      /has no digest/,
    ],
    [
      'refuses another build type',
      V1_TYPE,
      V1,
      { buildType: 'https://x.example' },
      /^predicate\.buildDefinition\.buildType is/,
    ],
    [
      'refuses a statement that is not provenance',
      'https://spdx.dev/Document',
      {},
      { builderId: 'x' },
      /is not SLSA provenance v0\.2 or v1/,
    ],
    [
      'refuses a provenance predicate that is not an object',
      V1_TYPE,
      'text',
      { builderId: 'x' },
      /is not SLSA provenance/,
    ],
  ];
  for (const [name, type, predicate, expect, message] of refused) {
    it(name, () => assert.match(checkProvenance(type, predicate, expect) ?? '', message));
  }

  it('compares sources without scheme, git+ prefix, ref and .git suffix', () => {
    for (const uri of [
      'git+https://github.com/Acme/App.git@refs/heads/main',
      'https://github.com/acme/app/',
      'github.com/acme/app',
    ])
      assert.equal(normaliseSource(uri), 'github.com/acme/app');
    assert.notEqual(normaliseSource('https://github.com/acme/app-other'), 'github.com/acme/app');
  });
});
