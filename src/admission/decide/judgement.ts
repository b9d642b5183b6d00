/** The outcome for one container image, in the words the user and the records see. */
import type { VerifiedEvidence } from '../../policy/index.js';

export type JudgementSource =
  /** No policy covers the image; `--no-match` decided. No registry call. */
  | 'unmatched'
  /** Only `static` authorities decided. No registry call. */
  | 'static'
  /** A cached verdict for this digest and policy revision. */
  | 'cache'
  /** Shared an identical verification already in flight. */
  | 'joined'
  | 'verified'
  | 'invalid-reference'
  /** The tag could not be resolved to a digest (registry unreachable, image missing, no access). */
  | 'unresolved'
  | 'deadline';

export interface ImageJudgement {
  /** The image as written in the workload. */
  readonly image: string;
  /** `spec.containers[0].image`; absent for Gatekeeper keys. */
  readonly path?: string;
  /** The manifest digest judged, when it was resolved. */
  readonly digest?: string;
  readonly allowed: boolean;
  /** One sentence per failing policy, naming the image, the policy and the reason. */
  readonly denials: readonly string[];
  readonly warnings: readonly string[];
  readonly matchedPolicies: readonly string[];
  readonly source: JudgementSource;
  /**
   * The signatures and attestations the policies verified, with their signers, for the
   * decision record; absent when none was verified.
   */
  readonly verified?: VerifiedEvidence;
}

/**
 * Whether every applying policy passed by checking signatures, so the digest may be pinned:
 * not unmatched or static images, and not images a warn-mode policy let through.
 */
export function wasVerified(judgement: ImageJudgement): boolean {
  return (
    judgement.allowed &&
    judgement.warnings.length === 0 &&
    judgement.digest !== undefined &&
    judgement.matchedPolicies.length > 0 &&
    (judgement.source === 'cache' ||
      judgement.source === 'joined' ||
      judgement.source === 'verified')
  );
}

export function deniedJudgement(
  image: string,
  source: JudgementSource,
  denial: string,
  extra: { path?: string; digest?: string } = {},
): ImageJudgement {
  return {
    image,
    ...extra,
    allowed: false,
    denials: [denial],
    warnings: [],
    matchedPolicies: [],
    source,
  };
}
