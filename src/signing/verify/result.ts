/** What verification reports: one result per signature layer and an overall verdict. */
import type { SimpleSigningPayload } from '../cosign/simple-signing.js';
import type { TlogEntryFacts } from './tlog-trust.js';

export type LayerStatus = 'verified' | 'failed' | 'skipped';

/** Why a layer ended as it did; stable strings for JSON output and policy messages. */
export type LayerReason =
  | 'verified'
  | 'not-a-cosign-signature'
  | 'too-many-signatures'
  | 'signature-missing'
  | 'signature-malformed'
  | 'signature-invalid'
  | 'no-trusted-key'
  | 'certificate-invalid'
  | 'certificate-not-trusted'
  | 'payload-invalid'
  | 'payload-type-unknown'
  | 'digest-mismatch'
  | 'identity-mismatch'
  | 'annotation-mismatch'
  | 'tlog-missing'
  | 'tlog-invalid';

export interface LayerChecks {
  readonly signature: 'ok' | 'failed' | 'not-checked';
  readonly digest: 'ok' | 'mismatch' | 'not-checked';
  /**
   * `not-checked` when a log entry is attached but no log key was given; `verified` or
   * `failed` once checked against a trusted log key; `absent` when there is none.
   */
  readonly tlog: 'absent' | 'not-checked' | 'verified' | 'failed';
  /**
   * `not-checked` when a certificate is attached but only keys are trusted; `verified` or
   * `failed` when keyless verification judged its chain, SCT, validity and identity.
   */
  readonly certificate: 'absent' | 'not-checked' | 'verified' | 'failed';
}

export interface LayerResult {
  /** Position in the input list, from 0. */
  readonly index: number;
  readonly status: LayerStatus;
  readonly reason: LayerReason;
  /** One sentence for people; names the layer, never echoes signature bytes. */
  readonly message: string;
  /** keyId of the trusted key (or the certificate key) the signature verified with. */
  readonly keyId?: string;
  /** Present once the payload parsed; authenticated only when the signature check is `ok`. */
  readonly payload?: SimpleSigningPayload;
  readonly checks: LayerChecks;
  /** The verified transparency-log entry, when `checks.tlog` is `verified`. */
  readonly tlogEntry?: TlogEntryFacts;
}

export type VerificationCode = 'NO_SIGNATURES' | 'NO_MATCHING_SIGNATURE';

export interface VerificationResult extends Verdict<LayerResult> {
  readonly imageDigest: string;
  readonly layers: readonly LayerResult[];
}

/** The overall verdict over per-signature outcomes, whichever layout they came from. */
export interface Verdict<T> {
  readonly ok: boolean;
  readonly code?: VerificationCode;
  /** Outcomes with status `verified`, in input order. */
  readonly verified: readonly T[];
  readonly message: string;
}

/**
 * Passes when any signature verified. Otherwise NO_SIGNATURES when nothing was a
 * candidate (every outcome skipped, or none at all), else NO_MATCHING_SIGNATURE naming
 * each candidate's reason and then each `problem` (things that could not be read).
 * `noun` is how the message counts signatures: `cosign signature(s)`, `signature(s)`.
 */
export function verdictOf<T extends { readonly status: LayerStatus; readonly message: string }>(
  outcomes: readonly T[],
  wording: { readonly noun: string; readonly none: string },
  problems: readonly string[] = [],
): Verdict<T> {
  const verified = outcomes.filter((o) => o.status === 'verified');
  const candidates = outcomes.filter((o) => o.status !== 'skipped');
  if (verified.length > 0)
    return {
      ok: true,
      verified,
      message: `${verified.length} of ${candidates.length} ${wording.noun} verified`,
    };
  if (candidates.length === 0)
    return { ok: false, code: 'NO_SIGNATURES', verified, message: wording.none };
  const reasons = [...candidates.map((o) => o.message), ...problems].join('; ');
  return {
    ok: false,
    code: 'NO_MATCHING_SIGNATURE',
    verified,
    message: `none of ${candidates.length} ${wording.noun} verified: ${reasons}`,
  };
}
