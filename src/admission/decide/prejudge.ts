/**
 * Decides what can be decided without a registry: which policies apply to an image (globs,
 * `match` rules), and whether those policies are settled by `static` authorities alone.
 * Unmatched and static images then cost no registry call at all (policy-controller#1863
 * is the bug of doing otherwise). Mirrors the engine's semantics: AND over policies, OR
 * over authorities, warn-mode failures become warnings.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import { globMatches } from '../../policy/glob.js';
import {
  policyAppliesTo,
  type CompiledPolicy,
  type CompiledPolicySet,
  type ResourceKind,
} from '../../policy/index.js';

export interface StaticOutcome {
  readonly allowed: boolean;
  readonly matchedPolicies: readonly string[];
  readonly denials: readonly string[];
  readonly warnings: readonly string[];
}

export type Prejudgement =
  | { readonly kind: 'unmatched'; readonly outcome: StaticOutcome }
  | { readonly kind: 'static'; readonly outcome: StaticOutcome }
  | { readonly kind: 'needs-verification'; readonly applying: readonly CompiledPolicy[] };

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

/** `image` is the reference as written, for messages. */
export function prejudge(
  set: CompiledPolicySet,
  image: string,
  ref: ImageReference,
  kind: ResourceKind | undefined,
  labels: Readonly<Record<string, string>>,
): Prejudgement {
  const applying = applyingPolicies(set, ref, kind, labels);
  if (applying.length === 0) return { kind: 'unmatched', outcome: noMatchOutcome(set, image) };
  const denials: string[] = [];
  const warnings: string[] = [];
  for (const policy of applying) {
    const authorities = policy.authorities;
    if (authorities.some((a) => a.kind === 'static' && a.spec.action === 'pass')) continue;
    if (!authorities.every((a) => a.kind === 'static'))
      return { kind: 'needs-verification', applying };
    const reasons = authorities.map((a) => {
      const message = a.kind === 'static' ? a.spec.message : undefined;
      return `disallowed by static policy of authority "${a.spec.name}"${message ? `: ${message}` : ''}`;
    });
    const reason =
      reasons.length === 1 ? reasons[0]! : `no authority passed: ${reasons.join('; ')}`;
    const name = policy.document.name;
    if (policy.document.mode === 'warn') {
      warnings.push(`image ${image} fails policy "${name}" (mode warn, allowed anyway): ${reason}`);
    } else {
      denials.push(`image ${image} is not allowed by policy "${name}": ${reason}`);
    }
  }
  const matchedPolicies = applying.map((p) => p.document.name);
  return {
    kind: 'static',
    outcome: { allowed: denials.length === 0, matchedPolicies, denials, warnings },
  };
}

function noMatchOutcome(set: CompiledPolicySet, image: string): StaticOutcome {
  const none = { matchedPolicies: [], denials: [], warnings: [] };
  switch (set.noMatch) {
    case 'allow':
      return { ...none, allowed: true };
    case 'warn':
      return { ...none, allowed: true, warnings: [`image ${image} is not covered by any policy`] };
    case 'deny':
      return {
        ...none,
        allowed: false,
        denials: [
          `image ${image} is not allowed: no policy covers it, and images no policy covers are denied`,
        ],
      };
  }
}
