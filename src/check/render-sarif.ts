/**
 * The report as SARIF 2.1.0 (OASIS, sarif-v2.1.0-os), for code-scanning dashboards: one
 * rule per policy (its description, remediation as help, categories as tags and a
 * `security-severity` score as GitHub reads it), one result per violation, located at the
 * image (a logical location, and the image as the artifact of a physical one).
 */
import type { PolicySeverity } from '../policy/security/index.js';
import type { CheckReport, CheckViolation } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub code scanning maps security-severity >= 9 critical, >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<PolicySeverity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
};

export function renderCheckSarif(report: CheckReport, toolVersion: string): unknown {
  const rules: { id: string; violation: CheckViolation }[] = [];
  const ruleIndex = (v: CheckViolation) => {
    let i = rules.findIndex((r) => r.violation.policy === v.policy);
    if (i < 0) i = rules.push({ id: ruleId(v.policy), violation: v }) - 1;
    return i;
  };
  const results: unknown[] = [];
  for (const r of report.results) {
    const locations = [
      {
        // Code-scanning services require a physical location; as Trivy does for images,
        // the image stands in for the artifact (percent-encoded: it is a relative URI).
        physicalLocation: {
          artifactLocation: { uri: encodeURIComponent(r.image) },
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: r.image, kind: 'resource' }],
      },
    ];
    for (const v of r.violations) {
      const index = ruleIndex(v);
      results.push({
        ruleId: rules[index]!.id,
        ruleIndex: index,
        level: v.enforced ? 'error' : 'warning',
        message: { text: `${r.image}: ${v.messages.join('; ')}` },
        locations,
        properties: { image: r.image, digest: r.digest, enforced: v.enforced },
      });
    }
  }
  const notifications = report.results
    .filter((r) => r.error !== null)
    .map((r) => ({ level: 'error', message: { text: `${r.image}: ${r.error}` } }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'signet',
            version: toolVersion,
            informationUri: 'https://signet.dev/docs/check',
            rules: rules.map(({ id, violation: v }) => ({
              id,
              name: v.policy,
              shortDescription: { text: v.policy },
              fullDescription: { text: v.description },
              help: { text: v.remediation },
              defaultConfiguration: { level: v.enforced ? 'error' : 'warning' },
              properties: {
                tags: v.categories,
                'security-severity': SECURITY_SEVERITY[v.severity],
              },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}

/** "Trusted signature" → "signet/trusted-signature": stable, readable rule IDs. */
function ruleId(policy: string): string {
  const slug = policy
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `signet/${slug === '' ? 'policy' : slug}`;
}
