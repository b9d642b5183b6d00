/**
 * The evidence summary a check result carries to the server (the records'
 * ImageEvidence): the signatures and attestations the policies verified and who signed
 * them, whether an SBOM is attached and the vulnerability counts by severity, from the
 * evidence the policies were evaluated on. Unknown parts are left out rather than guessed: no vulnerability report means no
 * counts, never zero counts, and signatures are listed only when a policy verified some
 * (an image whose signatures no policy trusted has none that Signet vouches for).
 */
import { mergeVerified } from '../policy/evaluate/index.js';
import type { PolicyResult, SecurityEvidence } from '../policy/security/index.js';
import type { ImageEvidence } from '../records/index.js';

export function evidenceSummary(
  evidence: SecurityEvidence,
  outcomes: readonly PolicyResult[] = [],
): ImageEvidence {
  const { signatures, attestations } = mergeVerified(outcomes.map((o) => o.verified));
  const report = evidence.vulnerabilities;
  const count = (severity: string) =>
    report?.findings.filter((f) => f.severity === severity).length ?? 0;
  return {
    ...(signatures.length === 0 ? {} : { signatures }),
    ...(attestations.length === 0 ? {} : { attestations }),
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
