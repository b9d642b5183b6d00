/** The outcome of evaluating one image, with messages in plain words. */
import type { VerifiedEvidence } from './verified-evidence.js';

export interface AuthorityFailure {
  readonly authority: string;
  /** Why this authority did not pass, naming it: `no signature matches authority "ci-key" (…)`. */
  readonly reason: string;
}

export interface Denial {
  /** Absent when the image was denied because no policy matched it. */
  readonly policy?: string;
  /** `registry/repository@sha256:…`: the exact image judged. */
  readonly image: string;
  /** Why, in plain words, without the image and policy. */
  readonly reason: string;
  /** One sentence naming the image, the policy and the reason. */
  readonly message: string;
  readonly authorityFailures: readonly AuthorityFailure[];
}

export interface Verdict {
  readonly allowed: boolean;
  readonly image: string;
  readonly digest: string;
  /** Names of the policies that applied to the image, in policy order. */
  readonly matchedPolicies: readonly string[];
  /** Failures of warn-mode policies and no-match warnings; never block admission. */
  readonly warnings: readonly string[];
  readonly denials: readonly Denial[];
  /**
   * The signatures and attestations the passing authorities verified, with their signers
   * (verified-evidence.ts); absent when none was verified.
   */
  readonly verified?: VerifiedEvidence;
}

/** A policy's reason from its authorities' failures: one is quoted, several are listed. */
export function policyReason(failures: readonly AuthorityFailure[]): string {
  if (failures.length === 1) return failures[0]!.reason;
  return `no authority passed: ${failures.map((f) => f.reason).join('; ')}`;
}

export function denialMessage(image: string, policy: string, reason: string): string {
  return `image ${image} is not allowed by policy "${policy}": ${reason}`;
}

export function warningMessage(image: string, policy: string, reason: string): string {
  return `image ${image} fails policy "${policy}" (mode warn, allowed anyway): ${reason}`;
}

/** Why a `static: { action: fail }` authority did not pass. */
export function staticFailureReason(authority: string, message: string | undefined): string {
  return `disallowed by static policy of authority "${authority}"${message ? `: ${message}` : ''}`;
}

export const NO_MATCH_REASON = 'no policy covers it, and images no policy covers are denied';

export function noMatchDenialMessage(image: string): string {
  return `image ${image} is not allowed: ${NO_MATCH_REASON}`;
}

export function noMatchWarning(image: string): string {
  return `image ${image} is not covered by any policy`;
}
