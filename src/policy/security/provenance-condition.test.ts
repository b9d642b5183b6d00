import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileCelCondition, createCelEnvironment } from '../cel-condition.js';
import { provenanceCondition } from './provenance-condition.js';
import type { ProvenanceCriterion } from './types.js';

function holds(criterion: Partial<ProvenanceCriterion>, predicate: unknown): boolean {
  const expression = provenanceCondition({
    authorities: [],
    predicateType: 'https://slsa.dev/provenance/v1',
    builderIds: [],
    sourceRepositories: [],
    buildTypes: [],
    ...criterion,
  });
  const compiled = compileCelCondition(createCelEnvironment(), expression);
  assert.ok(compiled.ok, expression);
  return compiled.condition.evaluate({ predicate }).ok;
}

const V1 = {
  buildDefinition: {
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    resolvedDependencies: [{ uri: 'git+https://github.com/org/app@refs/heads/main' }],
  },
  runDetails: { builder: { id: 'https://github.com/actions/runner' } },
};

const V02 = {
  builder: { id: 'https://ci.example/builder' },
  buildType: 'https://ci.example/type',
  invocation: { configSource: { uri: 'https://git.example/app' } },
};

describe('provenance criteria as CEL conditions', () => {
  it('checks builder, build type and source in SLSA v1 provenance', () => {
    const all = {
      builderIds: ['https://github.com/actions/runner'],
      buildTypes: ['https://actions.github.io/buildtypes/workflow/v1'],
      sourceRepositories: ['https://github.com/org/app'],
    };
    assert.equal(holds(all, V1), true);
    assert.equal(holds({ ...all, builderIds: ['https://other.example'] }, V1), false);
    assert.equal(
      holds({ ...all, sourceRepositories: ['https://github.com/org/other'] }, V1),
      false,
    );
    assert.equal(
      holds({ ...all, buildTypes: ['x', 'https://actions.github.io/buildtypes/workflow/v1'] }, V1),
      true,
    );
  });

  it('reads the v0.2 fields when the criterion names that predicate type', () => {
    const v02 = { predicateType: 'https://slsa.dev/provenance/v0.2' };
    assert.equal(
      holds(
        {
          ...v02,
          builderIds: ['https://ci.example/builder'],
          sourceRepositories: ['https://git.example/app'],
          buildTypes: ['https://ci.example/type'],
        },
        V02,
      ),
      true,
    );
    assert.equal(holds({ ...v02, builderIds: ['https://ci.example/builder'] }, V1), false);
  });

  it('fails a statement without the fields rather than passing it', () => {
    assert.equal(holds({ builderIds: ['https://github.com/actions/runner'] }, {}), false);
  });

  it('quotes values so that they cannot change the expression', () => {
    const sneaky = '" || true || "';
    assert.equal(holds({ builderIds: [sneaky] }, V1), false);
    assert.equal(
      provenanceCondition({
        authorities: [],
        predicateType: 'https://slsa.dev/provenance/v1',
        builderIds: [],
        sourceRepositories: [],
        buildTypes: [],
      }),
      'true',
    );
  });
});
