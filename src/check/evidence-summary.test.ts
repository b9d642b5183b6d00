import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyResult, SecurityEvidence } from '../policy/security/index.js';
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

  it('lists the signatures and attestations the policies verified, with their signers', () => {
    const result = (verified: PolicyResult['verified']) =>
      ({
        violations: [],
        ...(verified === undefined ? {} : { verified }),
      }) as unknown as PolicyResult;
    const signer = `key sha256:${'ab'.repeat(32)} (secret ci)`;
    const summary = evidenceSummary({ registry }, [
      result({
        signatures: [{ signer, layout: 'cosign .sig tag', logIndex: 7 }],
        attestations: [],
      }),
      result(undefined),
      result({
        signatures: [{ signer, layout: 'cosign .sig tag', logIndex: 7 }],
        attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer }],
      }),
    ]);
    assert.deepEqual(summary, {
      signatures: [{ signer, layout: 'cosign .sig tag', logIndex: 7 }],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer }],
      sbom: { present: false },
    });
  });

  it('states no signatures when no policy verified any', () => {
    const passed = { violations: [] } as unknown as PolicyResult;
    assert.deepEqual(evidenceSummary({ registry }, [passed]), { sbom: { present: false } });
  });
});
