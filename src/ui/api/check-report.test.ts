import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { checkReportDecision, EVALUATION_ERROR_POLICY } from './check-report.js';

const report = (results: unknown[], passed = false) => ({
  apiVersion: 'signet.dev/v1',
  kind: 'CheckReport',
  createdAt: '2026-12-06T10:00:00.000Z',
  source: { kind: 'ci', pipeline: 'build', run: null },
  results,
  summary: {
    images: results.length,
    policiesEvaluated: 3,
    violatedPolicies: 1,
    failingPolicies: 1,
    passed,
  },
});

describe('CI check report as a decision', () => {
  it('keeps each violation and marks the image refused when one is enforced', () => {
    const decision = checkReportDecision(
      report([
        {
          image: 'r.example/a:1',
          digest: null,
          error: null,
          violations: [{ policy: 'P', severity: 'high', enforced: true, messages: ['m'] }],
        },
        {
          image: 'r.example/b:1',
          digest: null,
          error: null,
          violations: [{ policy: 'Q', severity: 'low', enforced: false }],
        },
      ]),
    );
    assert.equal(decision.outcome, 'denied');
    assert.equal(decision.pipeline, 'build');
    assert.equal(decision.run, undefined);
    assert.deepEqual(
      decision.images.map((i) => i.allowed),
      [false, true],
    );
    assert.deepEqual(
      decision.violations?.map((v) => [v.policy, v.action]),
      [
        ['P', 'failed-build'],
        ['Q', 'warned'],
      ],
    );
    assert.equal(decision.time.toISOString(), '2026-12-06T10:00:00.000Z');
  });

  it('lists an evaluation that failed as a violation of its own', () => {
    const decision = checkReportDecision(
      report([{ image: 'r.example/c:1', violations: [], error: 'registry unreachable' }]),
    );
    assert.equal(decision.violations?.[0]?.policy, EVALUATION_ERROR_POLICY);
    assert.deepEqual(decision.violations?.[0]?.messages, ['registry unreachable']);
    assert.equal(decision.images[0]?.allowed, false);
  });

  it('calls a passed report with only advisory violations warned', () => {
    const decision = checkReportDecision(
      report(
        [
          {
            image: 'r.example/d:1',
            violations: [{ policy: 'Q', severity: 'low', enforced: false }],
          },
        ],
        true,
      ),
    );
    assert.equal(decision.outcome, 'warned');
  });

  it('keeps the evidence summary a result states, and needs none', () => {
    const evidence = {
      signatures: [{ signer: 'release-key', layout: 'referrer' }],
      sbom: { present: true, format: 'spdx' },
      vulnerabilities: { critical: 1, high: 0, medium: 0, low: 3, fixable: 1 },
    };
    const decision = checkReportDecision(
      report([
        { image: 'r.example/e:1', violations: [], evidence },
        { image: 'r.example/f:1', violations: [] },
      ]),
    );
    assert.deepEqual(decision.images[0]?.evidence, evidence);
    assert.equal(decision.images[1]?.evidence, undefined);
  });

  for (const [evidence, field] of [
    [{ vulnerabilities: { critical: -1, high: 0, medium: 0, low: 0, fixable: 0 } }, 'critical'],
    [{ sbom: { format: 'spdx' } }, 'present'],
    [{ signatures: [{ layout: 'cosign-tag' }] }, 'signer'],
    [{ attestations: [{ predicateType: 'p', by: 'x' }] }, 'by'],
    [{ scanner: 'trivy' }, 'scanner'],
  ] as const) {
    it(`refuses evidence ${JSON.stringify(evidence)}, naming ${field}`, () => {
      assert.throws(
        () => checkReportDecision(report([{ image: 'r.example/g:1', violations: [], evidence }])),
        (e) =>
          isSignetError(e) &&
          e.code === 'UI_REQUEST_INVALID' &&
          (e.details as { field: string }).field.includes(field),
      );
    });
  }

  it('refuses a report of another kind, naming the field', () => {
    assert.throws(
      () => checkReportDecision({ ...report([]), kind: 'Other' }),
      (e) =>
        isSignetError(e) &&
        e.code === 'UI_REQUEST_INVALID' &&
        (e.details as { field: string }).field === 'kind',
    );
  });
});
