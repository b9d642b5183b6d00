/**
 * Judges one container image: parse, decide statically when possible, otherwise resolve
 * the digest with the workload's credentials and verify against the policies (cached and
 * coalesced). Never throws for anything an image, a registry or a workload can cause.
 */
import { describeError, isSignetError } from '../../core/errors.js';
import { parseReference, repositoryOf, type ImageReference } from '../../oci/reference/index.js';
import {
  evaluate,
  prejudge,
  type CompiledPolicySet,
  type ResourceKind,
  type Verdict,
} from '../../policy/index.js';
import { deniedJudgement, type ImageJudgement } from './judgement.js';
import type { KubernetesReader } from './kubernetes-reader.js';
import type { RegistryClientPool } from './registry-clients.js';
import { registryEvidence, type RegistryOperation } from './registry-evidence.js';
import type { SingleFlight } from './single-flight.js';
import type { VerdictCache, VerdictSource } from './verdict-cache.js';
import type { WorkloadCredentials } from './workload-credentials.js';
import type { TlogTrust } from '../../signing/verify/index.js';

/** What lives as long as the server: shared between reviews. */
export interface JudgeServices {
  readonly pool: RegistryClientPool;
  readonly cache: VerdictCache;
  readonly resolutions: SingleFlight<string, string>;
  readonly kubernetes: KubernetesReader;
  readonly keyNamespace: string;
  readonly trustedLogs?: TlogTrust;
  readonly onRegistryCall: (operation: RegistryOperation) => void;
  readonly onVerdict: (source: VerdictSource) => void;
}

/** What one review shares between its images. */
export interface JudgeContext {
  readonly policies: CompiledPolicySet;
  readonly kind?: ResourceKind;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace?: string;
  /** Read lazily: only images that need a registry cause Kubernetes reads. */
  readonly credentials: () => Promise<WorkloadCredentials>;
}

export async function judgeImage(
  services: JudgeServices,
  context: JudgeContext,
  image: string,
  path?: string,
): Promise<ImageJudgement> {
  const where = path === undefined ? {} : { path };
  let ref: ImageReference;
  try {
    ref = parseReference(image);
  } catch (error) {
    return deniedJudgement(
      image,
      'invalid-reference',
      `image ${image} is not a valid reference: ${describeError(error)}`,
      where,
    );
  }
  const early = prejudge(context.policies, image, ref, context.kind, context.labels);
  if (early.kind !== 'needs-verification') {
    return { image, ...where, ...early.outcome, source: early.kind };
  }

  const credentials = await context.credentials();
  const client = services.pool.clientFor(credentials.fingerprint, credentials.provider);
  let digest = ref.digest;
  if (digest === undefined) {
    try {
      const key = `${credentials.fingerprint} ${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}`;
      digest = await services.resolutions.run(key, () => {
        services.onRegistryCall('resolve');
        return client.resolveDigest(ref);
      }).promise;
    } catch (error) {
      return deniedJudgement(
        image,
        'unresolved',
        unresolvedMessage(image, error, credentials.problems),
        where,
      );
    }
  }

  const subject = {
    image,
    ref,
    digest,
    ...(context.kind === undefined ? {} : { kind: context.kind }),
    labels: context.labels,
    ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
  };
  const evidence = registryEvidence({
    client,
    kubernetes: services.kubernetes,
    keyNamespace: services.keyNamespace,
    ...(services.trustedLogs === undefined ? {} : { trustedLogs: services.trustedLogs }),
    onRegistryCall: services.onRegistryCall,
  });
  let verdict: Verdict;
  let source: VerdictSource;
  try {
    ({ verdict, source } = await services.cache.verdict(
      {
        revision: context.policies.revision,
        policies: early.applying.map((p) => p.document.name),
        repository: repositoryOf(ref),
        digest,
      },
      () => evaluate(context.policies, subject, evidence),
    ));
  } catch (error) {
    return deniedJudgement(
      image,
      'verified',
      `image ${image} could not be evaluated: ${describeError(error)}`,
      {
        ...where,
        digest,
      },
    );
  }
  services.onVerdict(source);
  return {
    image,
    ...where,
    digest,
    allowed: verdict.allowed,
    denials: verdict.denials.map((d) => d.message),
    warnings: verdict.warnings,
    matchedPolicies: verdict.matchedPolicies,
    source,
    ...(verdict.verified === undefined ? {} : { verified: verdict.verified }),
  };
}

function unresolvedMessage(
  image: string,
  error: unknown,
  credentialProblems: readonly string[],
): string {
  const unreachable =
    isSignetError(error) &&
    (error.code === 'REGISTRY_UNAVAILABLE' || error.code === 'REGISTRY_TLS');
  const lead = unreachable
    ? 'the registry could not be reached'
    : 'its digest could not be resolved';
  const hint =
    isSignetError(error) && error.code === 'REGISTRY_UNAUTHORIZED' && credentialProblems.length > 0
      ? ` (pull secret problems: ${credentialProblems.join('; ')})`
      : '';
  return `image ${image} could not be verified: ${lead}: ${describeError(error)}${hint}`;
}
