/**
 * ClusterImagePolicy verdicts outside a cluster (`signet policy test`): resolve the image,
 * then evaluate with the registry evidence, the steps `signet check` takes for
 * SecurityPolicies. The webhook resolves through its own cache and single-flight and
 * calls the same engine.
 */
import type { ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import {
  evaluate,
  type CompiledPolicySet,
  type PolicyEvidence,
  type ResourceKind,
  type Verdict,
} from '../policy/index.js';
import { resolveImage } from './resolve-image.js';

export interface ClusterImageTarget {
  /** The reference as written, which policies' glob patterns match. */
  readonly image: string;
  readonly ref: ImageReference;
  readonly labels: Readonly<Record<string, string>>;
  readonly kind?: ResourceKind;
}

export async function clusterImageVerdict(
  set: CompiledPolicySet,
  target: ClusterImageTarget,
  client: RegistryClient,
  evidence: PolicyEvidence,
): Promise<Verdict> {
  const { digest } = await resolveImage(client, target.ref);
  return evaluate(set, { ...target, digest }, evidence);
}
