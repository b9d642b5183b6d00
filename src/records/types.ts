/**
 * Decisions as Signet records them: every admission review, CI check and policy test,
 * with the verdict for each image and the reasons in the words the user was shown.
 */
export type DecisionSource = 'admission' | 'check' | 'policy-test' | 'gatekeeper';
export const DECISION_SOURCES: readonly DecisionSource[] = [
  'admission',
  'check',
  'policy-test',
  'gatekeeper',
];
export type DecisionOutcome = 'allowed' | 'denied' | 'warned';
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = ['allowed', 'denied', 'warned'];

export interface ImageDecision {
  /** The image as written in the workload or on the command line. */
  readonly image: string;
  readonly digest?: string;
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  /** What the decision was made on, when the sender states it (a CI check report does). */
  readonly evidence?: ImageEvidence;
}

/**
 * The evidence summary a decision was made on, as its sender states it: Signet records it
 * and never reads registries to complete it. Every part is optional; absent means unknown.
 */
export interface ImageEvidence {
  readonly signatures?: readonly {
    readonly signer: string;
    readonly layout?: string;
    readonly logIndex?: number;
  }[];
  readonly attestations?: readonly { readonly predicateType: string; readonly signer?: string }[];
  readonly sbom?: { readonly present: boolean; readonly format?: string };
  readonly vulnerabilities?: {
    readonly critical: number;
    readonly high: number;
    readonly medium: number;
    readonly low: number;
    readonly fixable: number;
  };
}

export interface DecisionInput {
  readonly time: Date;
  readonly source: DecisionSource;
  readonly outcome: DecisionOutcome;
  readonly namespace?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly operation?: string;
  readonly policyRevision?: string;
  readonly durationMs?: number;
  readonly warnings: readonly string[];
  readonly images: readonly ImageDecision[];
  /** The cluster whose webhook decided (its `--cluster-name`). */
  readonly cluster?: string;
  /** The CI pipeline and run of a check report. */
  readonly pipeline?: string;
  readonly run?: string;
  /**
   * The violations, when the source states them (a CI check report names policy,
   * severity, rationale and remediation). Absent, they are derived from the images'
   * reasons: one per reason, the policy taken from the message (violations.ts).
   */
  readonly violations?: readonly ViolationInput[];
}

export interface DecisionRecord extends DecisionInput {
  readonly id: number;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
/** What the violation caused: a refused workload, a warning, a broken build, or nothing. */
export type ViolationAction = 'denied' | 'warned' | 'failed-build' | 'reported';
export const VIOLATION_ACTIONS: readonly ViolationAction[] = [
  'denied',
  'warned',
  'failed-build',
  'reported',
];

export interface ViolationInput {
  readonly image: string;
  readonly digest?: string;
  readonly policy: string;
  readonly severity?: Severity;
  readonly action: ViolationAction;
  readonly enforced: boolean;
  readonly messages: readonly string[];
  readonly description?: string;
  readonly rationale?: string;
  readonly remediation?: string;
  readonly categories: readonly string[];
}

/** A violation as listed: its own fields and where its decision came from. */
export interface ViolationRecord extends ViolationInput {
  readonly id: number;
  readonly decisionId: number;
  readonly time: Date;
  readonly source: DecisionSource;
  readonly cluster?: string;
  readonly namespace?: string;
  readonly workload?: string;
  readonly pipeline?: string;
  readonly run?: string;
}

export interface ViolationQuery {
  readonly source?: DecisionSource;
  readonly action?: ViolationAction;
  readonly severity?: Severity;
  readonly policy?: string;
  /** Exact image as written, or its digest. */
  readonly image?: string;
  readonly namespace?: string;
  readonly cluster?: string;
  readonly pipeline?: string;
  /** Case-insensitive substring of image, policy, message, workload, namespace or pipeline. */
  readonly search?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly beforeId?: number;
  readonly limit?: number;
}

export interface ImageSummary {
  readonly image: string;
  readonly digests: readonly string[];
  readonly decisions: number;
  readonly denied: number;
  readonly violations: number;
  readonly lastSeen: Date;
}

export interface PolicyActivity {
  readonly policy: string;
  readonly violations: number;
  readonly lastSeen: Date;
  /** Violations per bucket, oldest first, aligned with `PolicyActivityReport.buckets`. */
  readonly series: readonly number[];
}

export interface PolicyActivityReport {
  /** Start of each bucket. */
  readonly buckets: readonly Date[];
  readonly bucketMs: number;
  readonly policies: readonly PolicyActivity[];
}

/** What to keep: decisions newer than `maxAgeMs` and at most `maxDecisions` of them. */
export interface RetentionRule {
  readonly maxAgeMs?: number;
  readonly maxDecisions?: number;
}

export interface DecisionQuery {
  readonly outcome?: DecisionOutcome;
  readonly source?: DecisionSource;
  readonly namespace?: string;
  /** Decisions that involved this image (exact match on the image as written or its digest). */
  readonly image?: string;
  readonly since?: Date;
  /** Page backwards: only decisions with an id below this one. */
  readonly beforeId?: number;
  /** At most 1,000 per page; default 100. */
  readonly limit?: number;
}

export interface OutcomeCounts {
  readonly allowed: number;
  readonly denied: number;
  readonly warned: number;
}

export interface DecisionStore {
  /** Resolves once the decision is durable (committed with its batch). */
  record(decision: DecisionInput): Promise<number>;
  query(query?: DecisionQuery): Promise<DecisionRecord[]>;
  counts(since?: Date): Promise<OutcomeCounts>;
  decision(id: number): Promise<DecisionRecord | undefined>;
  violations(query?: ViolationQuery): Promise<ViolationRecord[]>;
  violation(id: number): Promise<ViolationRecord | undefined>;
  images(query?: { search?: string; limit?: number }): Promise<ImageSummary[]>;
  policyActivity(since: Date, bucketMs: number, now?: Date): Promise<PolicyActivityReport>;
  /** Deletes what the rule does not keep (with its images and violations); returns how many decisions. */
  prune(rule: RetentionRule, now?: Date): Promise<number>;
  close(): Promise<void>;
}
