import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../testing/check-reports.js';
import { renderCheckTable } from './render-table.js';

describe('the roxctl-style table', () => {
  const text = renderCheckTable(sampleReport());

  it('counts violations by severity per image and lists enforced ones first', () => {
    assert.match(text, /Policy check results for image: registry\.example\/app:1\.0 \(sha256:abab/);
    assert.match(text, /\(TOTAL: 2, LOW: 0, MEDIUM: 1, HIGH: 1, CRITICAL: 0\)/);
    const signature = text.indexOf('| Trusted signature');
    const sbom = text.indexOf('| SBOM attached');
    assert.ok(signature > 0 && sbom > signature);
    assert.match(text, /\| Trusted signature +\| HIGH +\| +X +\|/);
    assert.match(text, /\| SBOM attached +\| MEDIUM +\| +- +\|/);
  });

  it('ends with the summary lines and the remediation of failing policies', () => {
    assert.match(text, /\nWARN: {3}A total of 2 policies have been violated\n/);
    assert.match(
      text,
      /\nERROR: {2}failed policies found: 1 policies violated that are failing the check\n/,
    );
    assert.match(
      text,
      /ERROR: {2}Policy "Trusted signature" - Possible remediation: "Sign the image in CI with the trusted key\."/,
    );
  });

  it('says why an image was not evaluated', () => {
    assert.match(
      text,
      /registry\.example\/down:1\.0\nevaluation failed: registry unavailable after 3 retries/,
    );
    assert.match(
      text,
      /ERROR: {2}checking image registry\.example\/down:1\.0 failed: registry unavailable/,
    );
    assert.doesNotMatch(text, /No policies violated/);
  });
});
