/**
 * How `signet verify` reports, like cosign: a summary of the checks on stderr and, on
 * stdout, cosign's JSON array of the verified signatures (cosign-verify-output.ts), one
 * line per verified image. `--report FILE` writes Signet's detailed report instead: every
 * signature with its checks and reason, where checks Signet did not perform (transparency
 * log, certificate identity) are listed as not checked, never silently counted as passed.
 */
import { writeFile } from 'node:fs/promises';
import type { SignetError } from '../../core/errors.js';
import { cliError } from '../errors.js';
import type { ImageVerification, SignatureOutcome } from '../../signing/index.js';
import type { Console } from '../output.js';
import { cosignVerifyOutput } from './cosign-verify-output.js';

export interface ImageReport {
  /** `registry/repo@sha256:…` once resolved; as given when the image could not be read. */
  readonly reference: string;
  /** The image as given on the command line (cosign's docker-reference for bundles). */
  readonly givenReference: string;
  readonly digest?: string;
  readonly result?: ImageVerification;
  /** Why the image could not be verified at all (missing, registry failure). */
  readonly error?: SignetError;
}

/** What was trusted: keys, or (keyless) certificate authorities and identities. */
export interface TrustMode {
  readonly tlogChecked: boolean;
  readonly keyless?: boolean;
}

/** Checks not performed; reported, not assumed. The log is checked only with a log key. */
const notChecked = ({ tlogChecked, keyless }: TrustMode) => [
  ...(tlogChecked ? [] : ['tlog']),
  ...(keyless === true ? [] : ['certificate']),
];

export function printVerificationText(
  console: Console,
  report: ImageReport,
  annotations: Readonly<Record<string, string>>,
  mode: TrustMode = { tlogChecked: false },
): void {
  if (report.result?.ok !== true || report.digest === undefined) return;
  const { tlogChecked } = mode;
  const keyless = mode.keyless === true;
  const lines = [
    `Verification for ${report.reference} --`,
    'The following checks were performed on each of these signatures:',
    keyless
      ? '  - The code-signing certificate was verified using trusted certificate authority certificates, and the signature with its key'
      : '  - The signatures were verified against the specified public key(s)',
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
  if (keyless) {
    lines.push('  - The certificate identity matched the given identity and OIDC issuer:');
    for (const s of report.result.verified)
      if (s.certificate !== undefined)
        lines.push(`    ${s.certificate.subject} (issuer ${s.certificate.issuer || '(none)'})`);
  } else {
    lines.push('  - Not checked: certificate identity (verification by key)');
  }
  const layouts = [...new Set(report.result.verified.map((s) => s.layout))].join(', ');
  lines.push(`${report.result.verified.length} signature(s) verified (${layouts})`);
  console.err(lines.join('\n'));
}

/** cosign's stdout for one verified image; nothing for an image that failed (as cosign). */
export function printCosignOutput(console: Console, report: ImageReport): void {
  if (report.result?.ok !== true) return;
  console.out(JSON.stringify(cosignVerifyOutput(report.result.verified, report.givenReference)));
}

export function verificationJson(
  report: ImageReport,
  mode: TrustMode = { tlogChecked: false },
): Record<string, unknown> {
  const { result } = report;
  if (result === undefined)
    return {
      reference: report.reference,
      ok: false,
      code: report.error?.code,
      message: report.error?.message,
    };
  const summary = (s: SignatureOutcome) => ({
    layout: s.layout,
    source: s.source,
    ...(s.keyId === undefined ? {} : { keyId: s.keyId }),
    checks: s.checks,
    ...(s.tlogEntry === undefined ? {} : { tlogEntry: s.tlogEntry }),
    ...(s.certificate === undefined ? {} : { certificate: s.certificate }),
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
    notChecked: notChecked(mode),
  };
}

/** `--report FILE`: every image's detailed report, as one JSON document. */
export async function writeReportFile(
  file: string,
  reports: readonly ImageReport[],
  mode: TrustMode,
): Promise<void> {
  const json = { images: reports.map((r) => verificationJson(r, mode)) };
  try {
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  } catch (error) {
    throw cliError('CLI_FILE_UNREADABLE', `cannot write --report ${file}`, { cause: error });
  }
}
