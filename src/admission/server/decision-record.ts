/**
 * Turns decisions into records for the decision store. Recording is fire-and-forget: a
 * slow or failing database must never delay or change an admission answer, so failures
 * are logged and counted, never awaited by the request.
 */
import type { Logger } from 'pino';
import type {
  DecisionInput,
  DecisionOutcome,
  DecisionStore,
  ImageDecision,
  ImageEvidence,
} from '../../records/index.js';
import type { AdmissionDecision, ImageJudgement } from '../decide/index.js';
import type { AdmissionRequest } from '../review/index.js';

export function outcomeOf(allowed: boolean, warnings: readonly unknown[]): DecisionOutcome {
  if (!allowed) return 'denied';
  return warnings.length > 0 ? 'warned' : 'allowed';
}

/**
 * The evidence a webhook decision states: only what its policies verified (signatures and
 * attestations with their signers, bounded by the engine at MAX_VERIFIED_LISTED each). The
 * SBOM and vulnerability parts are left out: admission does not report them, and absent
 * means unknown.
 */
function imageEvidence(j: ImageJudgement): ImageEvidence | undefined {
  const verified = j.verified;
  if (verified === undefined) return undefined;
  const { signatures, attestations } = verified;
  if (signatures.length === 0 && attestations.length === 0) return undefined;
  return {
    ...(signatures.length === 0 ? {} : { signatures }),
    ...(attestations.length === 0 ? {} : { attestations }),
  };
}

function imageDecision(j: ImageJudgement): ImageDecision {
  const evidence = imageEvidence(j);
  return {
    image: j.image,
    ...(j.digest === undefined ? {} : { digest: j.digest }),
    allowed: j.allowed,
    reasons: [...j.denials, ...j.warnings],
    ...(evidence === undefined ? {} : { evidence }),
  };
}

export function reviewRecord(
  request: AdmissionRequest,
  decision: AdmissionDecision,
  policyRevision: string | undefined,
  durationMs: number,
): DecisionInput {
  return {
    time: new Date(),
    source: 'admission',
    outcome: outcomeOf(decision.allowed, decision.warnings),
    ...(request.namespace === undefined ? {} : { namespace: request.namespace }),
    kind: request.kind.kind,
    ...(request.name === undefined ? {} : { name: request.name }),
    operation: request.operation,
    ...(policyRevision === undefined ? {} : { policyRevision }),
    durationMs,
    warnings: decision.warnings,
    images: decision.images.map(imageDecision),
  };
}

/**
 * One record per image: Gatekeeper asks about a batch of unrelated keys, and a batch
 * recorded as one decision would show an allowed image as denied with its neighbours.
 */
export function gatekeeperRecord(
  judgements: readonly ImageJudgement[],
  policyRevision: string | undefined,
  durationMs: number,
): DecisionInput[] {
  const time = new Date();
  return judgements.map((judgement) => ({
    time,
    source: 'gatekeeper',
    outcome: outcomeOf(judgement.allowed, judgement.warnings),
    ...(policyRevision === undefined ? {} : { policyRevision }),
    durationMs,
    warnings: judgement.warnings,
    images: [imageDecision(judgement)],
  }));
}

/** Hands the records to the store without waiting; logs (without secrets) and counts failures. */
export function recordInBackground(
  store: DecisionStore | undefined,
  input: DecisionInput | readonly DecisionInput[],
  logger: Logger,
  onFailure: () => void,
): void {
  if (store === undefined) return;
  const records: readonly DecisionInput[] = isList(input) ? input : [input];
  for (const record of records) {
    store.record(record).catch((error: unknown) => {
      onFailure();
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'decision could not be recorded',
      );
    });
  }
}

function isList(
  input: DecisionInput | readonly DecisionInput[],
): input is readonly DecisionInput[] {
  return Array.isArray(input);
}
