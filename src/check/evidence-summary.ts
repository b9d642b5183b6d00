/**
 * The evidence summary a check result carries to the server (CheckEvidence): whether an
 * SBOM is attached and the vulnerability counts by severity, from the evidence the policies
 * were evaluated on. Unknown parts are left out rather than guessed: no vulnerability
 * report means no counts, never zero counts.
 */
import type { SecurityEvidence } from '../policy/security/index.js';
import type { CheckEvidence } from './report.js';

export function evidenceSummary(evidence: SecurityEvidence): CheckEvidence {
  const report = evidence.vulnerabilities;
  const count = (severity: string) =>
    report?.findings.filter((f) => f.severity === severity).length ?? 0;
  return {
    sbom: { present: evidence.sbom !== undefined },
    ...(report === undefined
      ? {}
      : {
          vulnerabilities: {
            critical: count('critical'),
            high: count('high'),
            medium: count('medium'),
            low: count('low'),
            fixable: report.findings.filter((f) => f.fixState === 'fixed').length,
          },
        }),
  };
}
