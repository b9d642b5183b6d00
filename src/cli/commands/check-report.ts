/**
 * Prints a check report in the chosen format, sends it when `--send` is given, and sets
 * the exit status: 0 when it passed, 13 when an enforced policy is violated, 4 when an image
 * could not be evaluated (a registry stayed unavailable) — never 0 for an unjudged image.
 */
import {
  buildReport,
  ciSource,
  renderCheckJunit,
  renderCheckMarkdown,
  renderCheckSarif,
  renderCheckTable,
  reportJson,
  sendReport,
  type CheckResult,
} from '../../check/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { printJson } from '../output.js';
import { readTextFile } from '../read-text-file.js';
import { SIGNET_VERSION } from '../version.js';
import type { CheckFlags } from './check-flags.js';

export async function finishCheck(
  context: CliContext,
  flags: CheckFlags,
  results: readonly CheckResult[],
): Promise<void> {
  const report = buildReport(results, ciSource(flags, context.env), new Date());
  switch (flags.output) {
    case 'json':
      printJson(context.console, reportJson(report));
      break;
    case 'junit':
      context.console.out(renderCheckJunit(report));
      break;
    case 'sarif':
      printJson(context.console, renderCheckSarif(report, SIGNET_VERSION));
      break;
    case 'markdown':
      context.console.out(renderCheckMarkdown(report));
      break;
    case 'table':
      context.console.out(renderCheckTable(report));
      break;
  }
  if (flags.send !== undefined && flags.token !== undefined) {
    const token = (
      await readTextFile(flags.token, { what: '--token', maxBytes: 64 * 1024 })
    ).trim();
    const id = await sendReport(flags.send, token, reportJson(report));
    context.console.err(`recorded as ${id} in ${flags.send}`);
  }
  if (results.some((r) => r.error !== null)) context.exitCode = ExitCode.Registry;
  else if (!report.summary.passed) context.exitCode = ExitCode.CheckFailed;
}
