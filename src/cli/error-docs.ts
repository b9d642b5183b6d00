/**
 * Renders docs/errors.md from the error catalog, so the documented codes cannot drift
 * from the ones the code raises (a test compares the file with this output).
 */
import type { ErrorCategory } from '../core/errors.js';
import { ERROR_CATALOG } from './error-catalog.js';
import { exitCodeFor } from './exit-codes.js';
import { SignetError } from '../core/errors.js';

const CATEGORY_TEXT: Record<ErrorCategory, string> = {
  usage: 'the input is malformed: fix the command line, reference or request',
  config: 'an operator must fix a file, key or policy',
  verification: 'the artifact is not trusted',
  'not-found': 'the thing asked for does not exist',
  registry: 'a registry, log or other server failed, refused or could not be reached',
  internal: 'a bug or an unexpected failure of the environment',
};

export function renderErrorDocs(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from the error tables in src/ by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error Signet reports carries a stable code. The CLI prints it as',
    '`error [CODE]: message` (or in `{"error":{"code":…}}` with `--output json`) and exits',
    'with the code shown here (see [cli.md](cli.md#exit-codes)). The category says who must act:',
    '',
  ];
  for (const [category, text] of Object.entries(CATEGORY_TEXT))
    lines.push(`- \`${category}\`: ${text}.`);
  lines.push('');
  for (const [module, table] of Object.entries(ERROR_CATALOG)) {
    lines.push(
      `## ${module}`,
      '',
      '| code | category | exit | meaning |',
      '| --- | --- | --- | --- |',
    );
    for (const [code, info] of Object.entries(table)) {
      const exit = exitCodeFor(new SignetError(code, info.category, ''));
      lines.push(
        `| \`${code}\` | ${info.category} | ${exit} | ${info.summary.replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
