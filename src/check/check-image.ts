/**
 * Checks one image: resolve its digest, gather evidence, evaluate the SecurityPolicies of
 * the stage, as one pipeline shared by `check image` and `check deployment`. A registry
 * that is briefly unavailable is retried `retries` times, `retryDelayMs` apart; when it
 * stays down the result carries the error and the retry count, and the image fails the
 * check: an image that could not be judged never passes.
 */
import { describeError, isSignetError } from '../core/errors.js';
import { parseReference, type ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import { gatherSecurityEvidence, resolveImage } from '../pipeline/index.js';
import type { PolicyEvidence, ResourceKind } from '../policy/index.js';
import {
  evaluateSecurityPolicies,
  type CompiledSecurityPolicySet,
  type LifecycleStage,
  type SecurityEvidence,
} from '../policy/security/index.js';
import type { VulnerabilityReport } from '../signing/sbom/index.js';
import { evidenceSummary } from './evidence-summary.js';
import { violationsOf, type CheckResult } from './report.js';

export interface CheckPlan {
  readonly set: CompiledSecurityPolicySet;
  readonly stage: LifecycleStage;
  readonly client: RegistryClient;
  readonly registry: PolicyEvidence;
  readonly vulnerabilities?: VulnerabilityReport;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly now: () => Date;
  /** Told before each retry, so a person watching sees why the check waits. */
  readonly onRetry?: (image: string, attempt: number, reason: string) => void;
}

/** Where a deploy-stage image runs; absent for `check image`. */
export interface WorkloadContext {
  readonly cluster?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly kind?: ResourceKind;
}

export async function checkImage(
  image: string,
  plan: CheckPlan,
  workload: WorkloadContext = {},
): Promise<CheckResult> {
  let ref: ImageReference;
  try {
    ref = parseReference(image);
  } catch (error) {
    return failed(image, null, describeError(error));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await checkOnce(image, ref, plan, workload);
    } catch (error) {
      const reason = describeError(error);
      if (!retryable(error)) return failed(image, ref.digest ?? null, reason);
      if (attempt >= plan.retries) {
        const tries =
          plan.retries === 0
            ? 'no retries'
            : `${plan.retries} ${plan.retries === 1 ? 'retry' : 'retries'}`;
        return failed(
          image,
          ref.digest ?? null,
          `registry unavailable after ${tries} (${attempt + 1} attempt${attempt === 0 ? '' : 's'}): ${reason}`,
        );
      }
      plan.onRetry?.(image, attempt + 1, reason);
      await new Promise((resolve) => setTimeout(resolve, plan.retryDelayMs));
    }
  }
}

interface GatheredImage {
  readonly digest: string;
  readonly evidence: SecurityEvidence;
}

/**
 * What each plan has gathered, by image as written: an image used by several workloads of
 * `check deployment` is resolved and its configuration and SBOM read once; its policies are
 * still judged per workload, whose namespace and labels decide their scope. A failed
 * gathering is forgotten, so that a retry reads the registry again.
 */
const gatheredByPlan = new WeakMap<CheckPlan, Map<string, Promise<GatheredImage>>>();

function gatherOnce(image: string, ref: ImageReference, plan: CheckPlan): Promise<GatheredImage> {
  let gathered = gatheredByPlan.get(plan);
  if (gathered === undefined) {
    gathered = new Map<string, Promise<GatheredImage>>();
    gatheredByPlan.set(plan, gathered);
  }
  let pending = gathered.get(image);
  if (pending === undefined) {
    pending = gather(ref, plan);
    gathered.set(image, pending);
    pending.catch(() => gathered.delete(image));
  }
  return pending;
}

async function gather(ref: ImageReference, plan: CheckPlan): Promise<GatheredImage> {
  const { digest, pinned } = await resolveImage(plan.client, ref);
  const evidence = await gatherSecurityEvidence({
    client: plan.client,
    image: pinned,
    registry: plan.registry,
    ...(plan.vulnerabilities === undefined ? {} : { vulnerabilities: plan.vulnerabilities }),
  });
  return { digest, evidence };
}

async function checkOnce(
  image: string,
  ref: ImageReference,
  plan: CheckPlan,
  workload: WorkloadContext,
): Promise<CheckResult> {
  const { digest, evidence } = await gatherOnce(image, ref, plan);
  const outcomes = await evaluateSecurityPolicies(
    plan.set,
    { image, ref, digest, stage: plan.stage, ...workload },
    evidence,
    { now: plan.now() },
  );
  return {
    image,
    digest,
    violations: violationsOf(outcomes),
    error: null,
    evidence: evidenceSummary(evidence, outcomes),
    evaluated: outcomes.map((o) => o.policy.name),
  };
}

/**
 * Only what the registry client marks temporary (unreachable, timed out, 429, 5xx) may pass;
 * refused credentials, a missing image or a malformed manifest will not, however long one waits.
 */
function retryable(error: unknown): boolean {
  return isSignetError(error) && error.temporary;
}

function failed(image: string, digest: string | null, error: string): CheckResult {
  return { image, digest, violations: [], error, evaluated: [] };
}
