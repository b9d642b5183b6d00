/**
 * The report as JUnit XML, the format CI systems (Jenkins, GitLab, Azure DevOps, GitHub
 * test reporters) read: one test suite per image, one test case per policy evaluated for
 * it. An enforced violation is a <failure>; an inform-only one passes with the violation
 * in <system-out>; an image that could not be evaluated gets one <error> case.
 */
import type { CheckReport, CheckResult } from './report.js';

/** XML 1.0 text: escapes markup and drops characters XML cannot carry (control characters). */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export function renderCheckJunit(report: CheckReport): string {
  const suites = report.results.map(suite);
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const errors = suites.reduce((n, s) => n + s.errors, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="signet check" tests="${tests}" failures="${failures}" errors="${errors}" timestamp="${report.createdAt}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(result: CheckResult): {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
} {
  const name = xmlText(result.image);
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (result.error !== null) {
    errors = 1;
    cases.push(
      `    <testcase name="evaluation" classname="${name}">`,
      `      <error message="${xmlText(result.error)}" type="evaluation-error">${xmlText(result.error)}</error>`,
      '    </testcase>',
    );
  }
  for (const policy of result.evaluated) {
    const violation = result.violations.find((v) => v.policy === policy);
    const open = `    <testcase name="${xmlText(policy)}" classname="${name}">`;
    if (violation === undefined) {
      cases.push(`    <testcase name="${xmlText(policy)}" classname="${name}"/>`);
      continue;
    }
    const body = xmlText(
      [
        ...violation.messages.map((m) => `- ${m}`),
        '',
        `Remediation: ${violation.remediation}`,
      ].join('\n'),
    );
    if (violation.enforced) {
      failures += 1;
      const message = xmlText(
        `${violation.policy} (${violation.severity}): ${violation.description}`,
      );
      cases.push(
        open,
        `      <failure message="${message}" type="${violation.severity}">${body}</failure>`,
        '    </testcase>',
      );
    } else {
      cases.push(
        open,
        `      <system-out>inform only, does not break the build:\n${body}</system-out>`,
        '    </testcase>',
      );
    }
  }
  const tests = result.evaluated.length + errors;
  const head = `  <testsuite name="${name}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0">`;
  return { xml: [head, ...cases, '  </testsuite>'].join('\n'), tests, failures, errors };
}
