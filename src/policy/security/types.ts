/**
 * The validated form of a SecurityPolicy (`signet.dev/v1alpha1`), Signet's own policy kind
 * for the CI gate (`signet check`) and deploy-time checks. A policy names what it guards
 * against in words people read in a failed build (description, rationale, remediation),
 * when it applies (lifecycle stages, scope, exclusions), what each stage does with a
 * violation (inform or enforce), and criteria that each describe a violation. Signature
 * and provenance criteria reuse ClusterImagePolicy authorities, so there is one syntax for
 * "who is trusted" across both kinds.
 */
import type { Severity } from '../../signing/sbom/vulnerability.js';
import type { AuthoritySpec, LabelSelector } from '../types.js';

export const SECURITY_POLICY_API_VERSION = 'signet.dev/v1alpha1';
export const SECURITY_POLICY_KIND = 'SecurityPolicy';

/** Severities a policy can carry: RHACS's four (low, medium, high, critical). */
export const POLICY_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** `build`: `signet check image`; `deploy`: `signet check deployment` and the webhook. */
export const LIFECYCLE_STAGES = ['build', 'deploy'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** `inform` reports a violation; `enforce` also fails the build or denies admission. */
export type Enforcement = 'inform' | 'enforce';

/**
 * Where a policy applies (or, in `exclusions`, does not). Every field given must match;
 * fields a stage cannot know (cluster, namespace and labels at build time) are not applied.
 */
export interface PolicyScope {
  readonly cluster?: string;
  readonly namespace?: string;
  readonly labels?: LabelSelector;
  /** Image globs, matched as ClusterImagePolicy globs are. */
  readonly images: readonly string[];
}

/** Every condition given must hold for one finding to be a violation. */
export interface VulnerabilityCriterion {
  readonly severityAtLeast?: Severity;
  /** Only findings with a fixed version count (RHACS "Fixable"). */
  readonly fixable: boolean;
  readonly cvssAtLeast?: number;
  /** Named identifiers (CVE, GHSA, …), matched against the finding's id and aliases. */
  readonly ids: readonly string[];
  /** Only findings published more than this many days ago (a grace period for new ones). */
  readonly publishedMoreThanDays?: number;
  /**
   * Key authorities whose signed cosign `vuln` attestations are read from the registry when
   * no report is given on the command line; empty: only `--vuln-report` counts.
   */
  readonly authorities: readonly AuthoritySpec[];
}

export interface ProvenanceCriterion {
  /** Who must have signed the provenance: ClusterImagePolicy authorities, without attestations. */
  readonly authorities: readonly AuthoritySpec[];
  readonly predicateType: string;
  readonly builderIds: readonly string[];
  readonly sourceRepositories: readonly string[];
  readonly buildTypes: readonly string[];
}

export interface SbomCriterion {
  readonly required: boolean;
  readonly forbiddenPackages: readonly string[];
  readonly forbiddenLicenses: readonly string[];
}

export interface ImageCriterion {
  /** Violated by the `latest` tag (or no tag, which means latest). */
  readonly latestTag: boolean;
  /** Violated by images whose config `created` is older than this. */
  readonly maxAgeDays?: number;
  /** Violated by images from any other registry host. */
  readonly registries: readonly string[];
  /** Violated when a label is missing from the image config. */
  readonly requiredLabels: readonly string[];
  /** Violated when the config's user is empty, `root` or uid 0. */
  readonly runsAsRoot: boolean;
}

export interface SecurityCriteria {
  readonly signature?: { readonly authorities: readonly AuthoritySpec[] };
  readonly vulnerabilities?: VulnerabilityCriterion;
  readonly provenance?: ProvenanceCriterion;
  readonly sbom?: SbomCriterion;
  readonly image?: ImageCriterion;
  /** Violated when no signature carries a transparency-log entry. */
  readonly transparencyLog?: { readonly entryRequired: boolean };
}

export interface SecurityPolicyDocument {
  /** metadata.name: the object's name. */
  readonly id: string;
  /** spec.name: what reports print, such as "Trusted signature". */
  readonly name: string;
  /** `file:line` of the document, for messages. */
  readonly origin: string;
  readonly description: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly severity: PolicySeverity;
  readonly categories: readonly string[];
  readonly lifecycleStages: readonly LifecycleStage[];
  readonly enforcement: Readonly<Record<LifecycleStage, Enforcement>>;
  readonly scope: readonly PolicyScope[];
  readonly exclusions: readonly PolicyScope[];
  readonly criteria: SecurityCriteria;
}
