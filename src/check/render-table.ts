/**
 * The report for people, as `roxctl image check` prints it: per image a severity count
 * and a table (policy, severity, breaks build, description, violation, remediation), then
 * the summary lines "N policies violated" and "M policies violated that are failing the
 * check", with the remediation of every failing policy.
 */
import type { CheckReport, CheckResult } from './report.js';
import { renderTable, type Column } from './text-table.js';

const COLUMNS: readonly Column[] = [
  { header: 'Policy' },
  { header: 'Severity' },
  { header: 'Breaks build', centre: true },
  { header: 'Description' },
  { header: 'Violation' },
  { header: 'Remediation' },
];

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

export function renderCheckTable(report: CheckReport): string {
  const blocks = report.results.map(renderImage);
  const { summary } = report;
  const tail: string[] = [];
  if (summary.violatedPolicies > 0)
    tail.push(`WARN:   A total of ${summary.violatedPolicies} policies have been violated`);
  else if (report.results.every((r) => r.error === null))
    tail.push(`OK:     No policies violated (${summary.policiesEvaluated} evaluated)`);
  if (summary.failingPolicies > 0) {
    tail.push(
      `ERROR:  failed policies found: ${summary.failingPolicies} policies violated that are failing the check`,
    );
    const seen = new Set<string>();
    for (const v of report.results.flatMap((r) => r.violations)) {
      if (!v.enforced || seen.has(v.policy)) continue;
      seen.add(v.policy);
      tail.push(`ERROR:  Policy "${v.policy}" - Possible remediation: "${v.remediation}"`);
    }
  }
  for (const r of report.results.filter((x) => x.error !== null))
    tail.push(`ERROR:  checking image ${r.image} failed: ${r.error}`);
  return [...blocks, tail.join('\n')].join('\n\n');
}

function renderImage(result: CheckResult): string {
  const head = `Policy check results for image: ${result.image}${result.digest === null ? '' : ` (${result.digest})`}`;
  if (result.error !== null) return `${head}\nevaluation failed: ${result.error}`;
  const counts = SEVERITY_ORDER.map(
    (s) => `${s.toUpperCase()}: ${result.violations.filter((v) => v.severity === s).length}`,
  );
  const lines = [head, `(TOTAL: ${result.violations.length}, ${counts.reverse().join(', ')})`];
  if (result.violations.length === 0) return lines.join('\n');
  const ordered = [...result.violations].sort(
    (a, b) =>
      Number(b.enforced) - Number(a.enforced) ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  const rows = ordered.map((v) => [
    v.policy,
    v.severity.toUpperCase(),
    v.enforced ? 'X' : '-',
    v.description,
    v.messages.map((m) => `- ${m}`).join('\n'),
    v.remediation,
  ]);
  return [...lines, '', renderTable(COLUMNS, rows)].join('\n');
}
