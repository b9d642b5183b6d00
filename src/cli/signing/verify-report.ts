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

/** Checks never performed by key-based verification today; reported, not assumed. */
const NOT_CHECKED = ['tlog', 'certificate'] as const;

export function printVerificationText(
  console: Console,
  report: ImageReport,
  annotations: Readonly<Record<string, string>>,
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
  lines.push(
    '  - Not checked: transparency log inclusion (no Rekor entry was verified)',
    '  - Not checked: certificate identity (verification by key)',
  );
  const layouts = [...new Set(report.result.verified.map((s) => s.layout))].join(', ');
  lines.push(`${report.result.verified.length} signature(s) verified (${layouts})`);
  console.err(lines.join('\n'));
  console.out(JSON.stringify(report.result.verified.map((s) => s.payload ?? null)));
}

export function verificationJson(report: ImageReport): Record<string, unknown> {
  const { result } = report;
  const summary = (s: SignatureOutcome) => ({
    layout: s.layout,
    source: s.source,
    ...(s.keyId === undefined ? {} : { keyId: s.keyId }),
    checks: s.checks,
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
    notChecked: NOT_CHECKED,
  };
}
