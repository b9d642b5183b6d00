import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSlsaV1Provenance } from './slsa-v1-schema.js';

const VALID = {
  buildDefinition: {
    buildType: 'https://signet.dev/buildtypes/generic/v1',
    externalParameters: { source: 'git+https://git.example/app' },
    internalParameters: {},
    resolvedDependencies: [{ uri: 'git+https://git.example/app', digest: { gitCommit: 'abc' } }],
  },
  runDetails: {
    builder: { id: 'https://ci.example/builder', version: { ci: '1.2' } },
    metadata: {
      invocationId: 'run-1',
      startedOn: '2026-01-02T03:04:05Z',
      finishedOn: '2026-01-02T03:05:05.5+00:00',
    },
    byproducts: [{ name: 'log', digest: { sha256: 'ab'.repeat(32) } }],
  },
};

type Edit = (p: typeof VALID & Record<string, unknown>) => void;
const clone = (edit: Edit) => {
  const copy = structuredClone(VALID) as typeof VALID & Record<string, unknown>;
  edit(copy);
  return copy;
};

describe('validating SLSA provenance v1 predicates', () => {
  it('accepts a complete predicate and one with only the required fields', () => {
    assert.deepEqual(validateSlsaV1Provenance(VALID), []);
    assert.deepEqual(
      validateSlsaV1Provenance({
        buildDefinition: { buildType: 'https://b.example/t', externalParameters: {} },
        runDetails: { builder: { id: 'https://b.example' } },
      }),
      [],
    );
  });

  it('ignores fields it does not know, as the spec requires', () => {
    assert.deepEqual(validateSlsaV1Provenance(clone((p) => (p.extra = 1))), []);
  });

  const cases: [string, unknown, string[]][] = [
    ['refuses a predicate that is not an object', 'text', ['predicate']],
    [
      'refuses a missing buildDefinition and runDetails',
      {},
      ['predicate.buildDefinition', 'predicate.runDetails'],
    ],
    [
      'refuses a buildType that is not a URI',
      clone((p) => (p.buildDefinition.buildType = 'generic')),
      ['predicate.buildDefinition.buildType'],
    ],
    [
      'refuses missing externalParameters',
      clone(
        (p) => delete (p.buildDefinition as Partial<typeof p.buildDefinition>).externalParameters,
      ),
      ['predicate.buildDefinition.externalParameters'],
    ],
    [
      'refuses a builder without id',
      clone((p) => delete (p.runDetails.builder as Partial<typeof p.runDetails.builder>).id),
      ['predicate.runDetails.builder.id'],
    ],
    [
      'refuses a timestamp that is not RFC 3339',
      clone((p) => {
        p.runDetails.metadata.startedOn = '2026-01-02 03:04:05';
      }),
      ['predicate.runDetails.metadata.startedOn'],
    ],
    [
      'refuses a finish before the start',
      clone((p) => (p.runDetails.metadata.finishedOn = '2020-01-01T00:00:00Z')),
      ['predicate.runDetails.metadata.finishedOn'],
    ],
    [
      'refuses a resolved dependency with neither uri, digest nor content',
      clone((p) => (p.buildDefinition.resolvedDependencies = [{ name: 'x' } as never])),
      ['predicate.buildDefinition.resolvedDependencies[0]'],
    ],
    [
      'refuses a dependency digest that is not hex of the right length',
      clone((p) => (p.runDetails.byproducts = [{ name: 'log', digest: { sha256: 'abc' } }])),
      ['predicate.runDetails.byproducts[0].digest.sha256'],
    ],
    [
      'refuses a builder version that is not a map of strings',
      clone((p) => (p.runDetails.builder.version = { ci: 1 } as never)),
      ['predicate.runDetails.builder.version'],
    ],
  ];
  for (const [name, predicate, paths] of cases) {
    it(name, () => {
      assert.deepEqual(
        validateSlsaV1Provenance(predicate).map((p) => p.path),
        paths,
      );
    });
  }
});
