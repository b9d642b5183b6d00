/**
 * How `signet verify` reports: like cosign, a summary of the checks on stderr and the
 * verified payloads as JSON on stdout; with `--output json`, one structured report where
 * checks Signet did not perform (transparency log, certificate identity) are listed as
 * not checked, never silently counted as passed.
 */
import type { ImageVerification, SignatureOutcome } from '../../signing/index.js';
import type { Console } from '../output.js';

export interface ImageReport {
  readonly reference: string;
  readonly digest: string;
  readonly result: ImageVerification;
}

/** Checks not performed; reported, not assumed. The log is checked only with --tlog-key. */
const notChecked = (tlogChecked: boolean) =>
  tlogChecked ? ['certificate'] : ['tlog', 'certificate'];

export function printVerificationText(
  console: Console,
  report: ImageReport,
  annotations: Readonly<Record<string, string>>,
  tlogChecked = false,
): void {
  if (!report.result.ok) return;
  const lines = [
    `Verification for ${report.reference} --`,
    'The following checks were performed on each of these signatures:',
    '  - The signatures were verified against the specified public key(s)',
    `  - The signed payloads name the image digest ${report.digest}`,
  ];
  if (Object.keys(annotations).length > 0)
    lines.push(
      `  - The signed annotations include ${Object.entries(annotations)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (tlogChecked) {
    lines.push(
      '  - The transparency-log entries were verified against the log key (signed entry timestamp, and inclusion proof with checkpoint where present)',
    );
    for (const s of report.result.verified)
      if (s.tlogEntry !== undefined)
        lines.push(
          `    logged at index ${s.tlogEntry.logIndex}, integrated ${new Date(s.tlogEntry.integratedTime * 1000).toISOString()}${s.tlogEntry.inclusionProven ? ', inclusion proven' : ''}`,
        );
  } else {
    lines.push('  - Not checked: transparency log inclusion (no Rekor entry was verified)');
  }
  lines.push('  - Not checked: certificate identity (verification by key)');
  const layouts = [...new Set(report.result.verified.map((s) => s.layout))].join(', ');
  lines.push(`${report.result.verified.length} signature(s) verified (${layouts})`);
  console.err(lines.join('\n'));
  console.out(JSON.stringify(report.result.verified.map((s) => s.payload ?? null)));
}

export function verificationJson(
  report: ImageReport,
  tlogChecked = false,
): Record<string, unknown> {
  const { result } = report;
  const summary = (s: SignatureOutcome) => ({
    layout: s.layout,
    source: s.source,
    ...(s.keyId === undefined ? {} : { keyId: s.keyId }),
    checks: s.checks,
    ...(s.tlogEntry === undefined ? {} : { tlogEntry: s.tlogEntry }),
  });
  return {
    reference: report.reference,
    digest: report.digest,
    ok: result.ok,
    ...(result.code === undefined ? {} : { code: result.code }),
    message: result.message,
    verified: result.verified.map((s) => ({ ...summary(s), payload: s.payload ?? null })),
    failures: result.signatures
      .filter((s) => s.status === 'failed')
      .map((s) => ({ ...summary(s), reason: s.reason, message: s.message })),
    skipped: result.signatures
      .filter((s) => s.status === 'skipped')
      .map((s) => ({ ...summary(s), reason: s.reason })),
    notChecked: notChecked(tlogChecked),
  };
}
