/** How `signet policy test` prints verdicts for people. */
import { formatProblem, type PolicyProblem, type Verdict } from '../../policy/index.js';

export function renderVerdict(input: string, verdict: Verdict): string {
  const lines = [`${verdict.allowed ? 'ALLOWED' : 'DENIED '} ${input} (${verdict.digest})`];
  const matched = verdict.matchedPolicies;
  lines.push(`  policies: ${matched.length === 0 ? '(none matched)' : matched.join(', ')}`);
  for (const denial of verdict.denials) {
    lines.push(
      `  denied${denial.policy === undefined ? '' : ` by "${denial.policy}"`}: ${denial.reason}`,
    );
  }
  for (const warning of verdict.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

export function renderProblems(problems: readonly PolicyProblem[]): string {
  return problems.map(formatProblem).join('\n');
}
