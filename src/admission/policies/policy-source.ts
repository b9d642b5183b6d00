/**
 * A source of policy documents (ClusterImagePolicies with their TrustRoots, and
 * SecurityPolicies) that can change while the webhook runs: files (file-policy-source.ts)
 * or the Kubernetes API (kubernetes-policy-source.ts). The
 * reloader (policy-reloader.ts) unites the sources' snapshots, compiles them and hands the
 * result to the webhook. A source never hands over a half-applied change: a document is
 * either in its snapshot whole and valid, or absent with its problems reported.
 */
import type { PolicyDocument, PolicyProblem, TrustRootDocument } from '../../policy/index.js';
import type { SecurityPolicyDocument } from '../../policy/security/index.js';

export interface PolicySnapshot {
  /** Valid documents, in a stable order (the compiled revision depends on it). */
  readonly documents: readonly PolicyDocument[];
  /** Valid TrustRoots (the trust material keyless authorities name), in a stable order. */
  readonly trustRoots: readonly TrustRootDocument[];
  /** Valid SecurityPolicies (all stages; the webhook evaluates the deploy stage), in a stable order. */
  readonly securityPolicies: readonly SecurityPolicyDocument[];
  /** Problems of skipped documents and warnings of loaded ones. */
  readonly problems: readonly PolicyProblem[];
}

export interface PolicySourceStatus {
  /** `files policies/`, `ClusterImagePolicy policy.signet.dev/v1beta1`. */
  readonly name: string;
  /** Whether the source has delivered a first snapshot; until all have, the webhook is not ready. */
  readonly synced: boolean;
  /** ClusterImagePolicies. */
  readonly policies: number;
  readonly securityPolicies: number;
  /** Formatted problems (`source: path: message`), bounded. */
  readonly problems: readonly string[];
  /** The last failure to read the source, while it lasts; the previous snapshot stays in force. */
  readonly lastError?: string;
}

export interface PolicySource {
  readonly name: string;
  /** Begins reading; `changed` is called after every new snapshot. */
  start(changed: () => void): void;
  /** The current snapshot; undefined until the first one. */
  snapshot(): PolicySnapshot | undefined;
  status(): PolicySourceStatus;
  close(): Promise<void>;
}

/** Problems listed per source in /readyz; the log has them all. */
export const MAX_REPORTED_PROBLEMS = 50;
