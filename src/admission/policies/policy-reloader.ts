/**
 * Unites the snapshots of every policy source (files first, then Signet's group, then
 * policy-controller's), compiles them, and hands a new compiled set to the webhook whenever
 * its revision changes; the verdict cache keys on the revision, so verdicts of the old set
 * stop being used at once. Nothing is applied until every source has delivered a first
 * snapshot: the webhook stays unready rather than enforcing part of the policies.
 */
import type { Logger } from 'pino';
import { describeError } from '../../core/errors.js';
import {
  compilePolicies,
  formatProblem,
  type CompiledPolicySet,
  type NoMatchBehaviour,
  type PolicyDocument,
  type PolicyProblem,
  type TrustRootDocument,
} from '../../policy/index.js';
import {
  MAX_REPORTED_PROBLEMS,
  type PolicySource,
  type PolicySourceStatus,
} from './policy-source.js';

export interface PolicyReloaderOptions {
  readonly sources: readonly PolicySource[];
  readonly noMatch: NoMatchBehaviour;
  readonly logger: Logger;
}

/** What /readyz reports about the policies. */
export interface PolicyStatus {
  readonly ready: boolean;
  readonly revision?: string;
  readonly policies: number;
  readonly sources: readonly PolicySourceStatus[];
  /** Problems across sources, such as one policy name defined twice. */
  readonly problems: readonly string[];
}

export class PolicyReloader {
  private applied: CompiledPolicySet | undefined;
  private conflicts: readonly PolicyProblem[] = [];
  private apply: (set: CompiledPolicySet) => void = () => {};

  constructor(private readonly options: PolicyReloaderOptions) {}

  /**
   * Starts every source; `apply` (the server's setPolicies) gets each new compiled set.
   * File sources are synced already, so a files-only set is applied before this returns.
   */
  start(apply: (set: CompiledPolicySet) => void): void {
    this.apply = apply;
    for (const source of this.options.sources) source.start(() => this.recompile());
    this.recompile();
  }

  get current(): CompiledPolicySet | undefined {
    return this.applied;
  }

  status(): PolicyStatus {
    return {
      ready: this.applied !== undefined,
      ...(this.applied === undefined ? {} : { revision: this.applied.revision }),
      policies: this.applied?.policies.length ?? 0,
      sources: this.options.sources.map((s) => s.status()),
      problems: this.conflicts.slice(0, MAX_REPORTED_PROBLEMS).map(formatProblem),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.options.sources.map((s) => s.close()));
  }

  private recompile(): void {
    const snapshots = this.options.sources.map((s) => s.snapshot());
    if (snapshots.some((s) => s === undefined)) return;
    const conflicts: PolicyProblem[] = [];
    const documents: PolicyDocument[] = uniqueByName(
      snapshots.flatMap((s) => s!.documents),
      'policy',
      conflicts,
    );
    // TrustRoots travel with the policies: a keyless authority's trustRootRef names one.
    const trustRoots: TrustRootDocument[] = uniqueByName(
      snapshots.flatMap((s) => s!.trustRoots),
      'TrustRoot',
      conflicts,
    );
    if (conflicts.length > 0 && conflicts.length !== this.conflicts.length) {
      this.options.logger.error(
        { problems: conflicts.map(formatProblem) },
        'policies skipped: names defined twice',
      );
    }
    this.conflicts = conflicts;
    let set: CompiledPolicySet;
    try {
      set = compilePolicies(documents, { noMatch: this.options.noMatch, trustRoots });
    } catch (error) {
      // Every document compiled alone already; keep the last set rather than guess.
      this.options.logger.error(
        { err: describeError(error) },
        'policies not updated: compiling failed',
      );
      return;
    }
    if (set.revision === this.applied?.revision) return;
    this.applied = set;
    this.apply(set);
    this.options.logger.info(
      { revision: set.revision, policies: documents.length, trustRoots: trustRoots.length },
      'policies applied',
    );
  }
}

/** The first document of each name, in source order; later ones become conflicts. */
function uniqueByName<T extends { readonly name: string; readonly origin: string }>(
  all: readonly T[],
  what: 'policy' | 'TrustRoot',
  conflicts: PolicyProblem[],
): T[] {
  const kept: T[] = [];
  const seen = new Map<string, string>();
  for (const document of all) {
    const first = seen.get(document.name);
    if (first !== undefined) {
      conflicts.push({
        severity: 'error',
        source: document.origin,
        path: 'metadata.name',
        message: `${what} "${document.name}" is already defined by ${first}; this one is skipped (${what} names must be unique across sources)`,
      });
      continue;
    }
    seen.set(document.name, document.origin);
    kept.push(document);
  }
  return kept;
}
