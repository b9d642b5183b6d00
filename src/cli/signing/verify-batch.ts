/**
 * `signet verify IMAGE...` over several images: each image gets its own verdict, so one
 * missing image or one registry failure does not hide the verdicts of the others, and the
 * batch ends with the most severe failure.
 *
 * Severity, most severe first: a signature that failed verification (12: the image may
 * have been tampered with), an unsigned image (10), a missing image (11), then the failures
 * to decide at all: registry (4), configuration (3), usage (2). A verdict against an image
 * always outranks not being able to reach one, so a pipeline never reports a rejected image
 * as merely unreachable.
 */
import { isSignetError, type SignetError } from '../../core/errors.js';
import { formatReference, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import {
  imageVerificationError,
  verifyImage,
  type ImageVerifier,
  type VerifyImageOptions,
} from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import type { ImageReport } from './verify-report.js';

const SEVERITY: readonly number[] = [
  ExitCode.VerificationFailed,
  ExitCode.NoSignatures,
  ExitCode.NotFound,
  ExitCode.Registry,
  ExitCode.Config,
  ExitCode.Usage,
  ExitCode.Internal,
];

export async function verifyEachImage(
  context: CliContext,
  client: RegistryClient,
  refs: readonly ImageReference[],
  verifier: ImageVerifier,
  options: VerifyImageOptions,
): Promise<ImageReport[]> {
  const reports: ImageReport[] = [];
  for (const ref of refs) {
    const givenReference = formatReference(ref);
    try {
      const verified = await verifyImage(client, ref, verifier, options);
      if (verified.resolved)
        context.console.err(`resolved ${verified.reference} to ${verified.digest}`);
      reports.push({
        reference: `${formatReference({ ...ref, digest: undefined })}@${verified.digest}`,
        givenReference,
        digest: verified.digest,
        result: verified.result,
      });
    } catch (error) {
      // Only Signet's own errors are verdicts about one image; anything else is a bug.
      if (!isSignetError(error)) throw error;
      reports.push({ reference: givenReference, givenReference, error });
    }
  }
  return reports;
}

/** The most severe of the images' failures (the first given among equals), if any. */
export function mostSevere(failures: readonly SignetError[]): SignetError | undefined {
  const rank = (e: SignetError) => {
    const at = SEVERITY.indexOf(exitCodeFor(e));
    return at === -1 ? SEVERITY.length : at;
  };
  return failures.reduce<SignetError | undefined>(
    (worst, e) => (worst === undefined || rank(e) < rank(worst) ? e : worst),
    undefined,
  );
}

export function failureOf(report: ImageReport): SignetError | undefined {
  if (report.error !== undefined) return report.error;
  return report.result === undefined
    ? undefined
    : imageVerificationError(report.result, report.reference);
}
