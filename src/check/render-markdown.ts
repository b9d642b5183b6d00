/** The report as Markdown, for pull-request comments and CI job summaries. */
import type { CheckReport } from './report.js';

function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', '<br>');
}

export function renderCheckMarkdown(report: CheckReport): string {
  const { summary } = report;
  const verdict = summary.passed ? '✅ passed' : '❌ failed';
  const out = [
    `## Signet check: ${verdict}`,
    '',
    `${summary.images} image(s), ${summary.policiesEvaluated} policies evaluated, ${summary.violatedPolicies} violated, ${summary.failingPolicies} failing the check.`,
  ];
  for (const r of report.results) {
    out.push('', `### \`${r.image}\``);
    if (r.digest !== null) out.push('', `Digest: \`${r.digest}\``);
    if (r.error !== null) {
      out.push('', `**Evaluation failed:** ${cell(r.error)}`);
      continue;
    }
    if (r.violations.length === 0) {
      out.push('', 'No policy violated.');
      continue;
    }
    out.push(
      '',
      '| Policy | Severity | Breaks build | Violation | Remediation |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const v of r.violations) {
      out.push(
        `| ${cell(v.policy)} | ${v.severity} | ${v.enforced ? 'yes' : 'no'} | ${cell(v.messages.join('\n'))} | ${cell(v.remediation)} |`,
      );
    }
  }
  return out.join('\n');
}
