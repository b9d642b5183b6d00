import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSlsaV1Provenance } from '../slsa-v1-schema.js';
import { buildProvenancePredicate } from './predicate.js';
import { provenanceFromTektonRun } from './tekton-run.js';

const COMMIT = 'c0'.repeat(20);
const PIPELINE_RUN = {
  apiVersion: 'tekton.dev/v1',
  kind: 'PipelineRun',
  metadata: { name: 'release', uid: 'uid-9' },
  spec: { params: [{ name: 'revision', value: 'main' }] },
  status: {
    startTime: '2026-03-01T10:00:00Z',
    completionTime: '2026-03-01T10:05:00Z',
    results: [
      { name: 'CHAINS-GIT_URL', value: 'https://git.example/app' },
      { name: 'CHAINS-GIT_COMMIT', value: COMMIT },
      { name: 'IMAGES', value: 'reg.example/app@sha256:' + 'ab'.repeat(32) },
    ],
  },
};

describe('provenance of a Tekton run', () => {
  it('takes the source from type-hinted results, the spec as parameters and results as byproducts', () => {
    const made = provenanceFromTektonRun(PIPELINE_RUN, 'run');
    assert.ok('input' in made);
    const predicate = buildProvenancePredicate(made.input);
    assert.deepEqual(validateSlsaV1Provenance(predicate), []);
    assert.deepEqual(made.input.resolvedDependencies, [
      { uri: 'git+https://git.example/app', digest: { gitCommit: COMMIT } },
    ]);
    assert.deepEqual(made.input.externalParameters, { runSpec: PIPELINE_RUN.spec });
    assert.equal(made.input.invocationId, 'uid-9');
    assert.deepEqual(
      made.input.byproducts?.map((b) => b.name),
      [
        'pipelineRunResults/CHAINS-GIT_URL',
        'pipelineRunResults/CHAINS-GIT_COMMIT',
        'pipelineRunResults/IMAGES',
      ],
    );
  });

  it('skips step images without a digest and malformed params instead of failing', () => {
    const made = provenanceFromTektonRun(
      {
        kind: 'TaskRun',
        spec: { params: [1, { value: 'no name' }] },
        status: {
          steps: [
            { imageID: 'golang:1.22' },
            'junk',
            { imageID: `ghcr.io/x@sha256:${'d'.repeat(64)}` },
          ],
        },
      },
      'run',
    );
    assert.ok('input' in made);
    assert.deepEqual(made.input.resolvedDependencies, [
      { uri: 'oci://ghcr.io/x', digest: { sha256: 'd'.repeat(64) } },
    ]);
  });

  it('refuses what is not a TaskRun or PipelineRun, naming it', () => {
    assert.deepEqual(provenanceFromTektonRun([], 'the Tekton run r.json'), {
      problem: 'the Tekton run r.json is not a JSON object',
    });
    assert.deepEqual(provenanceFromTektonRun({ kind: 'Pod' }, 'r'), {
      problem: 'r: kind must be TaskRun or PipelineRun, got "Pod"',
    });
  });
});
