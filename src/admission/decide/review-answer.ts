/**
 * Turns the judgements of a review's containers into its answer: for validation, one
 * denial line per failing container (field path first, then image, policy and reason);
 * for mutation, digest pins of verified images only, and never a denial. The message is
 * bounded (it is also logged): past MAX_MESSAGE_CHARS the remaining denials are counted.
 */
import { denialMessage, type JsonPatchReplace } from '../review/index.js';
import { wasVerified, type ImageJudgement } from './judgement.js';

export type SkipReason = 'operation' | 'kind' | 'namespace';

export interface AdmissionDecision {
  readonly allowed: boolean;
  readonly message?: string;
  readonly warnings: readonly string[];
  readonly patch: readonly JsonPatchReplace[];
  readonly images: readonly ImageJudgement[];
  /** Set when the object was admitted without looking at its images. */
  readonly skipped?: SkipReason;
  readonly timedOut: boolean;
}

export function answerReview(
  images: readonly ImageJudgement[],
  containers: readonly { pointer: string; image: string }[],
  mode: 'validate' | 'mutate',
  timedOut: boolean,
): AdmissionDecision {
  const warnings = images.flatMap((j) => j.warnings.map((w) => `${j.path ?? j.image}: ${w}`));
  if (mode === 'mutate') {
    // Mutation never denies: the validating webhook does, with the full messages.
    const patch = images.flatMap((j, i): JsonPatchReplace[] => {
      const written = containers[i]!.image;
      // Already pinned (`@digest` written): the kubelet runs exactly that, nothing to add.
      if (!wasVerified(j) || written.includes('@')) return [];
      return [{ op: 'replace', path: containers[i]!.pointer, value: `${written}@${j.digest!}` }];
    });
    return { allowed: true, warnings, patch, images, timedOut };
  }
  const denials = images.flatMap((j) => j.denials.map((d) => `${j.path ?? j.image}: ${d}`));
  const allowed = denials.length === 0;
  return {
    allowed,
    ...(allowed ? {} : { message: denialMessage(denials) }),
    warnings,
    patch: [],
    images,
    timedOut,
  };
}
