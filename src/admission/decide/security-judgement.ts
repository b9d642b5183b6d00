/**
 * Deploy-stage SecurityPolicies at admission, evaluated by the same engine and evidence
 * gathering as `signet check deployment`, after the ClusterImagePolicy judgement of an
 * image: a violated policy that enforces at the deploy stage denies the image with the
 * policy's name, what was found and the remediation; one that informs admits it with a
 * warning. Scope (namespace, workload labels, image globs) and exclusions are honoured per
 * policy. Evidence that cannot be read denies only when an enforcing policy needed it (fail
 * closed), and warns otherwise. Never throws for anything an image or registry can cause.
 */
import { describeError } from '../../core/errors.js';
import { parseReference, withDigest, type ImageReference } from '../../oci/reference/index.js';
import { mergeVerified } from '../../policy/evaluate/index.js';
import { gatherSecurityEvidence } from '../../pipeline/index.js';
import {
  applies,
  evaluateSecurityPolicies,
  type CompiledSecurityPolicySet,
  type PolicyResult,
  type SecuritySubject,
} from '../../policy/security/index.js';
import type { JudgeContext, JudgeServices } from './judge-image.js';
import type { ImageJudgement } from './judgement.js';
import type { LruCache } from './lru-cache.js';
import { registryEvidence } from './registry-evidence.js';

/**
 * Evaluations kept per image, digest, workload context and policy revision, so the pods of
 * one rollout cost one evaluation; only complete evaluations are kept.
 */
export interface SecurityResultCache {
  readonly store: LruCache<string, PolicyResult[]>;
  readonly ttlMs: number;
}

export async function judgeSecurityPolicies(
  services: JudgeServices,
  context: JudgeContext,
  set: CompiledSecurityPolicySet | undefined,
  judgement: ImageJudgement,
  now: Date,
  cache?: SecurityResultCache,
): Promise<ImageJudgement> {
  if (set === undefined || set.policies.length === 0 || judgement.source === 'invalid-reference')
    return judgement;
  let ref: ImageReference;
  try {
    ref = parseReference(judgement.image);
  } catch {
    return judgement;
  }
  const digest = judgement.digest ?? ref.digest;
  const base: SecuritySubject = {
    digest: digest ?? '',
    image: judgement.image,
    ref,
    stage: 'deploy',
    labels: context.labels,
    ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
    ...(context.kind === undefined ? {} : { kind: context.kind }),
  };
  const applying = set.policies.filter((p) => applies(p, base));
  if (applying.length === 0) return judgement;
  const enforcing = applying.filter((p) => p.document.enforcement.deploy === 'enforce');

  const cacheKey = JSON.stringify([
    set.revision,
    judgement.image,
    digest ?? null,
    context.namespace ?? null,
    Object.entries(context.labels).sort(),
    context.kind ?? null,
  ]);
  const pinned = digest !== undefined;
  let results = pinned ? cache?.store.get(cacheKey) : undefined;
  try {
    results ??= await evaluateFresh(services, context, { ...set, policies: applying }, base, now);
  } catch (error) {
    const why = `SecurityPolicies could not be evaluated for image ${judgement.image}: ${describeError(error)}`;
    if (enforcing.length === 0) return { ...judgement, warnings: [...judgement.warnings, why] };
    const names = enforcing.map((p) => `"${p.document.name}"`).join(', ');
    return {
      ...judgement,
      allowed: false,
      denials: [...judgement.denials, `${why}; denied because ${names} enforce`],
    };
  }
  if (pinned) cache?.store.set(cacheKey, results, cache.ttlMs);
  const denials = [...judgement.denials];
  const warnings = [...judgement.warnings];
  for (const { policy, enforcement, violations } of results) {
    if (violations.length === 0) continue;
    const found = `${violations.slice(0, 5).join('; ')}${violations.length > 5 ? `; and ${violations.length - 5} more` : ''}`;
    if (enforcement === 'enforce')
      denials.push(
        `image ${judgement.image} violates policy "${policy.name}" (${policy.severity}): ${found}. Remediation: ${policy.remediation}`,
      );
    else
      warnings.push(
        `image ${judgement.image} violates policy "${policy.name}" (inform only): ${found}`,
      );
  }
  const enforcedViolation = denials.length > judgement.denials.length;
  const verified = mergeVerified([judgement.verified, ...results.map((r) => r.verified)]);
  const any = verified.signatures.length > 0 || verified.attestations.length > 0;
  return {
    ...judgement,
    allowed: judgement.allowed && !enforcedViolation,
    denials,
    warnings,
    ...(any ? { verified } : {}),
  };
}

/** Resolves the digest when the judgement has none, gathers the evidence and evaluates. */
async function evaluateFresh(
  services: JudgeServices,
  context: JudgeContext,
  set: CompiledSecurityPolicySet,
  subject: SecuritySubject,
  now: Date,
): Promise<PolicyResult[]> {
  const credentials = await context.credentials();
  const client = services.pool.clientFor(credentials.fingerprint, credentials.provider);
  const digest = subject.digest !== '' ? subject.digest : await client.resolveDigest(subject.ref);
  const image = withDigest(subject.ref, digest) as ImageReference & { digest: string };
  const registry = registryEvidence({
    client,
    kubernetes: services.kubernetes,
    keyNamespace: services.keyNamespace,
    ...(services.trustedLogs === undefined ? {} : { trustedLogs: services.trustedLogs }),
    onRegistryCall: services.onRegistryCall,
  });
  const evidence = await gatherSecurityEvidence({ client, image, registry });
  return evaluateSecurityPolicies(set, { ...subject, digest }, evidence, { now });
}
