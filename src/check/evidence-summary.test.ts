import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SecurityEvidence } from '../policy/security/index.js';
import type { VulnerabilityFinding } from '../signing/sbom/index.js';
import { evidenceSummary } from './evidence-summary.js';

const registry = {} as SecurityEvidence['registry'];

function finding(
  severity: VulnerabilityFinding['severity'],
  fixState: VulnerabilityFinding['fixState'],
): VulnerabilityFinding {
  return {
    id: 'CVE-2026-0001',
    aliases: [],
    packageName: 'openssl',
    installedVersion: '3.0.1',
    fixedVersions: fixState === 'fixed' ? ['3.0.2'] : [],
    fixState,
    severity,
    severityBySource: {},
    cvss: [],
  };
}

describe('evidence summary of a check result', () => {
  it('counts findings by severity and those with a fix', () => {
    const summary = evidenceSummary({
      registry,
      sbom: { source: 'referrer sha256:ab' },
      vulnerabilities: {
        format: 'trivy',
        scanner: 'Trivy',
        findings: [
          finding('critical', 'fixed'),
          finding('high', 'not-fixed'),
          finding('high', 'fixed'),
          finding('low', 'unknown'),
          finding('unknown', 'fixed'),
        ],
        suppressed: [],
      },
    });
    assert.deepEqual(summary, {
      sbom: { present: true },
      vulnerabilities: { critical: 1, high: 2, medium: 0, low: 1, fixable: 3 },
    });
  });

  it('states no counts without a vulnerability report, and a missing SBOM as absent', () => {
    assert.deepEqual(evidenceSummary({ registry }), { sbom: { present: false } });
  });
});
