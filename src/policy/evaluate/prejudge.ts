/**
 * Decides what can be decided before the image's digest is known, with no evidence: which
 * policies apply to an image (globs, `match` rules), and whether those policies are
 * settled by `static` authorities alone. A caller (the admission webhook) then spends no
 * registry call on unmatched and static images (policy-controller#1863 is the bug of doing
 * otherwise). Same semantics and messages as `evaluate`, whose pieces it uses: AND over
 * policies, OR over authorities, warn-mode failures become warnings.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import type { CompiledPolicy, CompiledPolicySet } from '../compile.js';
import type { ResourceKind } from '../match-resource.js';
import { applyingPolicies } from './evaluate.js';
import {
  denialMessage,
  noMatchDenialMessage,
  noMatchWarning,
  policyReason,
  staticFailureReason,
  warningMessage,
} from './verdict.js';

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
    const reason = policyReason(
      authorities.map((a) => ({
        authority: a.spec.name,
        reason: staticFailureReason(a.spec.name, a.kind === 'static' ? a.spec.message : undefined),
      })),
    );
    const name = policy.document.name;
    if (policy.document.mode === 'warn') warnings.push(warningMessage(image, name, reason));
    else denials.push(denialMessage(image, name, reason));
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
      return { ...none, allowed: true, warnings: [noMatchWarning(image)] };
    case 'deny':
      return { ...none, allowed: false, denials: [noMatchDenialMessage(image)] };
  }
}
