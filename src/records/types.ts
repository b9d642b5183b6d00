/**
 * Decisions as Signet records them: every admission review, CI check and policy test,
 * with the verdict for each image and the reasons in the words the user was shown.
 */
export type DecisionSource = 'admission' | 'check' | 'policy-test' | 'gatekeeper';
export type DecisionOutcome = 'allowed' | 'denied' | 'warned';

export interface ImageDecision {
  /** The image as written in the workload or on the command line. */
  readonly image: string;
  readonly digest?: string;
  readonly allowed: boolean;
  readonly reasons: readonly string[];
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
}

export interface DecisionRecord extends DecisionInput {
  readonly id: number;
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
  close(): Promise<void>;
}
