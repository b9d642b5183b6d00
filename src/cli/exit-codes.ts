/**
 * Exit codes of the `signet` command, documented in docs/cli.md.
 *
 * The signature-related codes follow cosign (`cmd/cosign/errors/exit_codes.go`: 10 no
 * signature, 11 non-existent tag, 12 no matching signature) so that pipelines written
 * for cosign keep working; the rest say who must act.
 */
import type { ErrorCategory, SignetError } from '../core/errors.js';

export const ExitCode = {
  Ok: 0,
  /** A bug or an unexpected failure of the environment. */
  Internal: 1,
  /** The command line or an input value is malformed. */
  Usage: 2,
  /** A configuration file, key or policy must be fixed. */
  Config: 3,
  /** A registry, log or other server failed, refused or could not be reached. */
  Registry: 4,
  /** The image has no signatures at all (cosign: 10). */
  NoSignatures: 10,
  /** The image, tag or object asked for does not exist (cosign: 11). */
  NotFound: 11,
  /** Signatures exist but none is valid for the trusted keys and rules, or content failed its digest (cosign: 12). */
  VerificationFailed: 12,
  /** `signet check`: an enforced SecurityPolicy is violated; the build must fail (docs/check.md). */
  CheckFailed: 13,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const BY_CATEGORY: Record<ErrorCategory, ExitCodeValue> = {
  usage: ExitCode.Usage,
  config: ExitCode.Config,
  registry: ExitCode.Registry,
  'not-found': ExitCode.NotFound,
  verification: ExitCode.VerificationFailed,
  internal: ExitCode.Internal,
};

/** Codes whose exit status is more specific than their category's. */
const BY_CODE: Readonly<Record<string, ExitCodeValue>> = {
  NO_SIGNATURES: ExitCode.NoSignatures,
  GPG_IMAGE_UNSIGNED: ExitCode.NoSignatures,
  NOTATION_SIGNATURE_NOT_FOUND: ExitCode.NoSignatures,
};

export function exitCodeFor(error: SignetError): ExitCodeValue {
  return BY_CODE[error.code] ?? BY_CATEGORY[error.category];
}
