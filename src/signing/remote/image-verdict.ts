/**
 * The verdict over all of an image's signatures, whichever layout they came from, and the
 * typed error a failed verdict becomes (cosign exit codes 10 and 12).
 */
import { errorFactory, type SignetError } from '../../core/errors.js';
import {
  VERIFY_ERRORS,
  type LayerChecks,
  type TlogEntryFacts,
  type VerificationCode,
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
}

export interface ImageVerification {
  readonly ok: boolean;
  readonly code?: VerificationCode;
  readonly imageDigest: string;
  readonly signatures: readonly SignatureOutcome[];
  readonly verified: readonly SignatureOutcome[];
  readonly message: string;
}

export function verdict(
  imageDigest: string,
  signatures: SignatureOutcome[],
  problems: readonly string[],
): ImageVerification {
  const verified = signatures.filter((s) => s.status === 'verified');
  const candidates = signatures.filter((s) => s.status !== 'skipped');
  if (verified.length > 0) {
    return {
      ok: true,
      imageDigest,
      signatures,
      verified,
      message: `${verified.length} of ${candidates.length} signature(s) verified`,
    };
  }
  if (candidates.length === 0) {
    return {
      ok: false,
      code: 'NO_SIGNATURES',
      imageDigest,
      signatures,
      verified,
      message: 'no signatures found',
    };
  }
  const reasons = [...candidates.map((s) => s.message), ...problems].join('; ');
  return {
    ok: false,
    code: 'NO_MATCHING_SIGNATURE',
    imageDigest,
    signatures,
    verified,
    message: `none of ${candidates.length} signature(s) verified: ${reasons}`,
  };
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
