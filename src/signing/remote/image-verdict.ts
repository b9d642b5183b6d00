/**
 * The verdict over all of an image's signatures, whichever layout they came from, and the
 * typed error a failed verdict becomes (cosign exit codes 10 and 12).
 */
import { errorFactory, type SignetError } from '../../core/errors.js';
import type { GithubWorkflowClaims } from '../keyless/index.js';
import {
  VERIFY_ERRORS,
  verdictOf,
  type LayerChecks,
  type TlogEntryFacts,
  type Verdict,
} from '../verify/index.js';

const fail = errorFactory(VERIFY_ERRORS);

export interface SignatureOutcome {
  readonly layout: 'legacy' | 'bundle';
  /** Where it was found: `host/repo:sha256-….sig layer 2`, `host/repo@sha256:…`. */
  readonly source: string;
  readonly status: 'verified' | 'failed' | 'skipped';
  readonly reason: string;
  readonly message: string;
  readonly keyId?: string;
  readonly checks: LayerChecks;
  /** The verified transparency-log entry of this signature, when one was checked. */
  readonly tlogEntry?: TlogEntryFacts;
  /** The signed document (simple-signing payload or in-toto statement), once authenticated. */
  readonly payload?: unknown;
  /**
   * Legacy only: the layer's Rekor bundle annotation, parsed, which cosign's verify output
   * shows as `optional.Bundle`. Verified only when `checks.tlog` is `verified`.
   */
  readonly rekorBundle?: unknown;
  /** Keyless: the verified certificate's identity, which cosign's output shows. */
  readonly certificate?: {
    readonly subject: string;
    readonly issuer: string;
    readonly githubWorkflow: GithubWorkflowClaims;
  };
}

export interface ImageVerification extends Verdict<SignatureOutcome> {
  readonly imageDigest: string;
  readonly signatures: readonly SignatureOutcome[];
}

const WORDING = { noun: 'signature(s)', none: 'no signatures found' };

/** The verdict over every signature; `problems` (unreadable blobs) are named when none verified. */
export function verdict(
  imageDigest: string,
  signatures: SignatureOutcome[],
  problems: readonly string[],
): ImageVerification {
  return { imageDigest, signatures, ...verdictOf(signatures, WORDING, problems) };
}

/** The typed error for a failed verdict (exit 10 or 12), naming the image; undefined when it passed. */
export function imageVerificationError(
  result: ImageVerification,
  image: string,
): SignetError | undefined {
  if (result.ok) return undefined;
  const details = {
    imageDigest: result.imageDigest,
    signatures: result.signatures.map(({ layout, source, status, reason, keyId }) => ({
      layout,
      source,
      status,
      reason,
      keyId,
    })),
  };
  if (result.code === 'NO_SIGNATURES') {
    return fail(
      'NO_SIGNATURES',
      `${image} has no signatures; sign it with \`signet sign\` or check the signature repository`,
      { details },
    );
  }
  return fail(
    'NO_MATCHING_SIGNATURE',
    `${image}: ${result.message}; check that the image was signed with a trusted key`,
    { details },
  );
}
