import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport, SIGNATURE_VIOLATION } from '../testing/check-reports.js';
import { buildReport, ciSource, reportJson } from './report.js';

describe('the check report', () => {
  it('counts distinct policies evaluated, violated and failing', () => {
    assert.deepEqual(sampleReport().summary, {
      images: 3,
      policiesEvaluated: 3,
      violatedPolicies: 2,
      failingPolicies: 1,
      passed: false,
    });
  });

  it('fails when an image could not be evaluated, even with nothing violated', () => {
    const source = { kind: 'ci', pipeline: null, run: null } as const;
    const result = { image: 'a', digest: null, violations: [], evaluated: [] };
    const now = new Date(0);
    assert.equal(buildReport([{ ...result, error: 'down' }], source, now).summary.passed, false);
    assert.equal(buildReport([{ ...result, error: null }], source, now).summary.passed, true);
    const inform = { ...SIGNATURE_VIOLATION, enforced: false };
    const informOnly = buildReport([{ ...result, error: null, violations: [inform] }], source, now);
    assert.equal(informOnly.summary.passed, true);
    assert.equal(informOnly.summary.violatedPolicies, 1);
  });

  it('prints the contract document without the internal list of evaluated policies', () => {
    const json = reportJson(sampleReport()) as { results: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json).sort(), [
      'apiVersion',
      'createdAt',
      'kind',
      'results',
      'source',
      'summary',
    ]);
    assert.deepEqual(Object.keys(json.results[0]!).sort(), [
      'digest',
      'error',
      'image',
      'violations',
    ]);
  });

  it('takes pipeline and run from flags, then from the CI environment', () => {
    assert.deepEqual(ciSource({ pipeline: 'p', run: 'r' }, { GITHUB_WORKFLOW: 'w' }), {
      kind: 'ci',
      pipeline: 'p',
      run: 'r',
    });
    assert.deepEqual(ciSource({}, { GITHUB_WORKFLOW: 'build', GITHUB_RUN_ID: '99' }), {
      kind: 'ci',
      pipeline: 'build',
      run: '99',
    });
    assert.deepEqual(ciSource({}, { CI_PIPELINE_ID: '5', CI_JOB_ID: '77', GITHUB_RUN_ID: '' }), {
      kind: 'ci',
      pipeline: '5',
      run: '77',
    });
    assert.deepEqual(ciSource({}, {}), { kind: 'ci', pipeline: null, run: null });
  });
});
