/**
 * Evaluates SecurityPolicies for one image at one lifecycle stage: the policies whose
 * stage, scope and exclusions apply are judged criterion by criterion; a policy is
 * violated when any criterion is. Signatures and provenance go through the
 * ClusterImagePolicy engine with the evidence handed in. Pure apart from that evidence;
 * never throws for anything an image or registry can cause.
 */
import { describeError } from '../../core/errors.js';
import { withDigest, type ImageReference } from '../../oci/reference/index.js';
import type { CompiledPolicySet } from '../compile.js';
import { memoizeEvidence } from '../evaluate/evidence.js';
import { evaluate, mergeVerified, type VerifiedEvidence } from '../evaluate/index.js';
import { globMatches } from '../glob.js';
import { selectorMatches } from '../match-resource.js';
import type {
  CompiledScope,
  CompiledSecurityPolicy,
  CompiledSecurityPolicySet,
} from './compile.js';
import type { SecurityEvidence, SecuritySubject } from './evidence.js';
import { imageViolations, sbomViolations, vulnerabilityViolations } from './image-criteria.js';
import type { Enforcement, SecurityPolicyDocument, VulnerabilityCriterion } from './types.js';
import { attestedVulnerabilityReport } from './vulnerability-attestations.js';
import { COSIGN_VULN_PREDICATE_TYPE } from '../../signing/sbom/index.js';

export interface PolicyResult {
  readonly policy: SecurityPolicyDocument;
  /** The enforcement of the subject's stage. */
  readonly enforcement: Enforcement;
  /** Empty when the policy passed. */
  readonly violations: readonly string[];
  /**
   * The signatures and attestations its signature and provenance criteria verified, with
   * their signers; absent when none was verified.
   */
  readonly verified?: VerifiedEvidence;
}

export interface EvaluateOptions {
  /** The clock for ages and grace periods. */
  readonly now: Date;
}

/**
 * The policies that apply to the subject, in set order, each with its violations. The
 * registry evidence is shared by every policy and criterion of this image: several policies
 * reading the same signature tag or attestations cost one registry round trip.
 */
export async function evaluateSecurityPolicies(
  set: CompiledSecurityPolicySet,
  subject: SecuritySubject,
  gathered: SecurityEvidence,
  options: EvaluateOptions,
): Promise<PolicyResult[]> {
  const applying = set.policies.filter((p) => applies(p, subject));
  const evidence = { ...gathered, registry: memoizeEvidence(gathered.registry) };
  return Promise.all(
    applying.map(async (policy) => {
      const { violations, verified } = await judged(policy, subject, evidence, options.now);
      const any = verified.signatures.length > 0 || verified.attestations.length > 0;
      return {
        policy: policy.document,
        enforcement: policy.document.enforcement[subject.stage],
        violations,
        ...(any ? { verified } : {}),
      };
    }),
  );
}

export function applies(policy: CompiledSecurityPolicy, subject: SecuritySubject): boolean {
  if (!policy.document.lifecycleStages.includes(subject.stage)) return false;
  if (policy.scope.length > 0 && !policy.scope.some((s) => scopeMatches(s, subject))) return false;
  return !policy.exclusions.some((s) => scopeMatches(s, subject));
}

/** Every given field must match; cluster, namespace and labels are unknown at build time and not applied. */
function scopeMatches(compiled: CompiledScope, subject: SecuritySubject): boolean {
  const { scope, globs } = compiled;
  if (globs.length > 0 && !globs.some((g) => globMatches(g, subject.ref))) return false;
  if (subject.stage === 'build') return true;
  if (scope.cluster !== undefined && scope.cluster !== subject.cluster) return false;
  if (scope.namespace !== undefined && scope.namespace !== subject.namespace) return false;
  if (scope.labels !== undefined && !selectorMatches(scope.labels, subject.labels ?? {}))
    return false;
  return true;
}

interface EngineJudgement {
  readonly violations: readonly string[];
  readonly verified?: VerifiedEvidence;
}

async function judged(
  policy: CompiledSecurityPolicy,
  subject: SecuritySubject,
  evidence: SecurityEvidence,
  now: Date,
): Promise<{ violations: string[]; verified: VerifiedEvidence }> {
  const { criteria } = policy.document;
  const none: EngineJudgement = { violations: [] };
  const [signature, provenance, vulnerabilities] = await Promise.all([
    policy.signature === undefined
      ? none
      : engineJudgement(policy.signature, subject, evidence, 'no trusted signature'),
    policy.provenance === undefined
      ? none
      : engineJudgement(policy.provenance, subject, evidence, 'no trusted provenance'),
    criteria.vulnerabilities === undefined
      ? none
      : vulnerabilitiesOf(policy, criteria.vulnerabilities, subject, evidence, now),
  ]);
  const tlog = criteria.transparencyLog?.entryRequired === true ? tlogViolations(signature) : [];
  const parts = [
    signature.violations,
    provenance.violations,
    tlog,
    vulnerabilities.violations,
    criteria.sbom === undefined ? [] : sbomViolations(criteria.sbom, evidence),
    criteria.image === undefined
      ? []
      : imageViolations(criteria.image, subject, evidence.config, now),
  ];
  return {
    violations: parts.flat(),
    verified: mergeVerified([signature.verified, provenance.verified, vulnerabilities.verified]),
  };
}

/** The report given on the command line, else one the criterion's authorities signed. */
async function vulnerabilitiesOf(
  policy: CompiledSecurityPolicy,
  criterion: VulnerabilityCriterion,
  subject: SecuritySubject,
  evidence: SecurityEvidence,
  now: Date,
): Promise<EngineJudgement> {
  if (evidence.vulnerabilities !== undefined || policy.vulnerabilityAuthorities.length === 0)
    return { violations: vulnerabilityViolations(criterion, evidence.vulnerabilities, now) };
  const image = withDigest(subject.ref, subject.digest) as ImageReference & { digest: string };
  const attested = await attestedVulnerabilityReport(
    policy.vulnerabilityAuthorities,
    image,
    evidence.registry,
  );
  if (!attested.ok)
    return {
      violations: vulnerabilityViolations(
        criterion,
        undefined,
        now,
        `no trusted vulnerability report: ${attested.reason}`,
      ),
    };
  // The signed report the findings were judged on is an attestation verified by its key.
  const signed = { predicateType: COSIGN_VULN_PREDICATE_TYPE, signer: attested.signer };
  return {
    violations: vulnerabilityViolations(criterion, attested.report, now),
    verified: { signatures: [], attestations: [signed] },
  };
}

/** The engine's denials as violations, and what it verified on the way. */
async function engineJudgement(
  set: CompiledPolicySet,
  subject: SecuritySubject,
  evidence: SecurityEvidence,
  lead: string,
): Promise<EngineJudgement> {
  try {
    const verdict = await evaluate(
      set,
      { image: subject.image, ref: subject.ref, digest: subject.digest },
      evidence.registry,
    );
    const violations = verdict.denials.map((d) => `${lead}: ${d.reason}`);
    return verdict.verified === undefined
      ? { violations }
      : { violations, verified: verdict.verified };
  } catch (error) {
    return { violations: [`${lead}: evaluation failed: ${describeError(error)}`] };
  }
}

/**
 * A cosign signature in the image's own repository carrying a Rekor bundle (the
 * `dev.sigstore.cosign/bundle` annotation with a log index). The entry's signed timestamp is
 * not verified here: `signet verify` with the log's key does that.
 */
/**
 * `transparencyLog.entryRequired`: a signature the signature criterion trusted has a log
 * entry that verified against a trusted log. Keyless signatures' entries are verified with
 * their certificates; key signatures' only when the caller trusts logs (`--tlog-key`).
 */
function tlogViolations(signature: EngineJudgement): string[] {
  if (signature.violations.length > 0)
    return ['no trusted signature, so no verified transparency-log entry either'];
  if (signature.verified?.signatures.some((s) => s.logIndex !== undefined) === true) return [];
  return [
    "the trusted signature has no transparency-log entry that verified; for key signatures, give the log's public key (--tlog-key)",
  ];
}
