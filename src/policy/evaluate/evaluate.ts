/**
 * Evaluates one image against a compiled policy set, with policy-controller's semantics
 * (pkg/webhook/validator.go, pkg/config/store.go):
 *
 * - the policies that apply are those with a matching glob and `match` rule;
 * - every applying policy must pass (AND); a policy passes when any one of its
 *   authorities passes (OR); authorities are tried concurrently;
 * - a failing `mode: warn` policy yields a warning instead of a denial;
 * - when no policy applies, `noMatch` decides: deny (default), warn or allow.
 *
 * Pure apart from the injected evidence; never throws for anything an image or a registry
 * can cause: such failures become reasons in the verdict.
 */
import { parseDigest } from '../../core/digest.js';
import { repositoryOf, withDigest, type ImageReference } from '../../oci/reference/index.js';
import type { CompiledPolicy, CompiledPolicySet } from '../compile.js';
import { globMatches } from '../glob.js';
import { policyAppliesTo, type ResourceKind } from '../match-resource.js';
import { evaluateAuthority } from './authority.js';
import { memoizeEvidence, type PolicyEvidence } from './evidence.js';
import {
  denialMessage,
  NO_MATCH_REASON,
  noMatchDenialMessage,
  noMatchWarning,
  policyReason,
  warningMessage,
  type AuthorityFailure,
  type Denial,
  type Verdict,
} from './verdict.js';
import { mergeVerified, type VerifiedEvidence } from './verified-evidence.js';

export interface PolicySubject {
  /** The reference as written (in the pod spec or on the command line). */
  readonly image: string;
  /** Parsed `image`; globs are matched against it (with its digest when it has one). */
  readonly ref: ImageReference;
  /** The manifest digest the image resolves to: what signatures must sign. */
  readonly digest: string;
  /** The admitted object's resource type; absent for a bare image (CLI). */
  readonly kind?: ResourceKind;
  readonly labels?: Readonly<Record<string, string>>;
  readonly namespace?: string;
}

interface PolicyOutcome {
  readonly policy: CompiledPolicy;
  readonly failures: readonly AuthorityFailure[] | undefined;
  /** What the policy's passing authorities verified. */
  readonly verified: readonly (VerifiedEvidence | undefined)[];
}

export async function evaluate(
  set: CompiledPolicySet,
  subject: PolicySubject,
  evidence: PolicyEvidence,
): Promise<Verdict> {
  parseDigest(subject.digest);
  const image = `${repositoryOf(subject.ref)}@${subject.digest}`;
  const applying = applyingPolicies(set, subject.ref, subject.kind, subject.labels ?? {});
  const base = {
    image,
    digest: subject.digest,
    matchedPolicies: applying.map((p) => p.document.name),
  };
  if (applying.length === 0) return noMatchVerdict(set, base);

  const pinned = withDigest(subject.ref, subject.digest) as ImageReference & { digest: string };
  const shared = memoizeEvidence(evidence);
  const outcomes = await Promise.all(
    applying.map((policy) => evaluatePolicy(policy, pinned, shared, set.trustRoots)),
  );

  const warnings: string[] = [];
  const denials: Denial[] = [];
  for (const { policy, failures } of outcomes) {
    if (failures === undefined) continue;
    const name = policy.document.name;
    const reason = policyReason(failures);
    if (policy.document.mode === 'warn') warnings.push(warningMessage(image, name, reason));
    else
      denials.push({
        policy: name,
        image,
        reason,
        message: denialMessage(image, name, reason),
        authorityFailures: failures,
      });
  }
  const verified = mergeVerified(outcomes.flatMap((o) => o.verified));
  const any = verified.signatures.length > 0 || verified.attestations.length > 0;
  return {
    ...base,
    allowed: denials.length === 0,
    warnings,
    denials,
    ...(any ? { verified } : {}),
  };
}

/** The policies of `set` whose globs match `ref` and whose `match` rules admit the resource. */
export function applyingPolicies(
  set: CompiledPolicySet,
  ref: ImageReference,
  kind: ResourceKind | undefined,
  labels: Readonly<Record<string, string>>,
): CompiledPolicy[] {
  return set.policies.filter(
    (p) =>
      policyAppliesTo(p.document.match, kind, labels) && p.globs.some((g) => globMatches(g, ref)),
  );
}

/** Undefined failures: the policy passed. */
async function evaluatePolicy(
  policy: CompiledPolicy,
  image: ImageReference & { digest: string },
  evidence: PolicyEvidence,
  trustRoots: CompiledPolicySet['trustRoots'],
): Promise<PolicyOutcome> {
  const results = await Promise.all(
    policy.authorities.map((a) => evaluateAuthority(a, image, evidence, trustRoots)),
  );
  if (results.some((r) => r.ok))
    return {
      policy,
      failures: undefined,
      verified: results.map((r) => (r.ok ? r.verified : undefined)),
    };
  const failures = results.map((r, i) => ({
    authority: policy.authorities[i]!.spec.name,
    reason: r.ok ? '' : r.reason,
  }));
  return { policy, failures, verified: [] };
}

function noMatchVerdict(
  set: CompiledPolicySet,
  base: { image: string; digest: string; matchedPolicies: readonly string[] },
): Verdict {
  switch (set.noMatch) {
    case 'allow':
      return { ...base, allowed: true, warnings: [], denials: [] };
    case 'warn':
      return { ...base, allowed: true, warnings: [noMatchWarning(base.image)], denials: [] };
    case 'deny':
      return {
        ...base,
        allowed: false,
        warnings: [],
        denials: [
          {
            image: base.image,
            reason: NO_MATCH_REASON,
            message: noMatchDenialMessage(base.image),
            authorityFailures: [],
          },
        ],
      };
  }
}
