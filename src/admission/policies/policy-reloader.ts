/**
 * Unites the snapshots of every policy source (files first, then Signet's group, then
 * policy-controller's), compiles them, and hands a new compiled set to the webhook whenever
 * its revision changes; the verdict caches key on the revision, so verdicts of the old set
 * stop being used at once. ClusterImagePolicies and SecurityPolicies are compiled and
 * handed over separately, each only when its own revision changes. Nothing is applied until
 * every source has delivered a first snapshot: the webhook stays unready rather than
 * enforcing part of the policies.
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
  compileSecurityPolicies,
  type CompiledSecurityPolicySet,
  type SecurityPolicyDocument,
} from '../../policy/security/index.js';
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
  readonly securityPolicies: number;
  readonly sources: readonly PolicySourceStatus[];
  /** Problems across sources, such as one policy name defined twice. */
  readonly problems: readonly string[];
}

/** What the reloader hands each new compiled set to: the server's setters. */
export interface PolicyTargets {
  policies(set: CompiledPolicySet): void;
  /** Undefined when no source holds a SecurityPolicy. */
  securityPolicies(set: CompiledSecurityPolicySet | undefined): void;
}

export class PolicyReloader {
  private applied: CompiledPolicySet | undefined;
  private appliedSecurity: CompiledSecurityPolicySet | undefined;
  private conflicts: readonly PolicyProblem[] = [];
  private targets: PolicyTargets = { policies: () => {}, securityPolicies: () => {} };

  constructor(private readonly options: PolicyReloaderOptions) {}

  /**
   * Starts every source; the targets get each new compiled set. File sources are synced
   * already, so a files-only set is applied before this returns.
   */
  start(targets: PolicyTargets): void {
    this.targets = targets;
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
      securityPolicies: this.appliedSecurity?.policies.length ?? 0,
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
    // A SecurityPolicy has two names that must each be unique: its object name (`id`) and
    // the name reports show (`spec.name`).
    const securityPolicies: SecurityPolicyDocument[] = uniqueBy(
      uniqueBy(
        snapshots.flatMap((s) => s!.securityPolicies),
        { key: (d) => d.id, path: 'metadata.name', what: 'SecurityPolicy' },
        conflicts,
      ),
      { key: (d) => d.name, path: 'spec.name', what: 'SecurityPolicy' },
      conflicts,
    );
    if (conflicts.length > 0 && conflicts.length !== this.conflicts.length) {
      this.options.logger.error(
        { problems: conflicts.map(formatProblem) },
        'policies skipped: names defined twice',
      );
    }
    this.conflicts = conflicts;
    this.recompileSecurity(securityPolicies);
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
    this.targets.policies(set);
    this.options.logger.info(
      { revision: set.revision, policies: documents.length, trustRoots: trustRoots.length },
      'policies applied',
    );
  }

  private recompileSecurity(documents: readonly SecurityPolicyDocument[]): void {
    let set: CompiledSecurityPolicySet | undefined;
    try {
      set = documents.length === 0 ? undefined : compileSecurityPolicies(documents);
    } catch (error) {
      this.options.logger.error(
        { err: describeError(error) },
        'SecurityPolicies not updated: compiling failed',
      );
      return;
    }
    if (set?.revision === this.appliedSecurity?.revision) return;
    this.appliedSecurity = set;
    this.targets.securityPolicies(set);
    this.options.logger.info(
      { revision: set?.revision ?? null, securityPolicies: documents.length },
      'SecurityPolicies applied',
    );
  }
}

type Named = { readonly name: string; readonly origin: string };

/** The first document of each name, in source order; later ones become conflicts. */
function uniqueByName<T extends Named>(
  all: readonly T[],
  what: 'policy' | 'TrustRoot',
  conflicts: PolicyProblem[],
): T[] {
  return uniqueBy(all, { key: (d) => d.name, path: 'metadata.name', what }, conflicts);
}

interface UniqueKey<T> {
  readonly key: (document: T) => string;
  /** Where the key is written, for the problem. */
  readonly path: string;
  readonly what: string;
}

/** The first document of each key, in source order; later ones become conflicts. */
function uniqueBy<T extends Named>(
  all: readonly T[],
  { key: keyOf, path, what }: UniqueKey<T>,
  conflicts: PolicyProblem[],
): T[] {
  const kept: T[] = [];
  const seen = new Map<string, string>();
  for (const document of all) {
    const key = keyOf(document);
    const first = seen.get(key);
    if (first !== undefined) {
      conflicts.push({
        severity: 'error',
        source: document.origin,
        path,
        message: `${what} "${key}" is already defined by ${first}; this one is skipped (${what} names must be unique across sources)`,
      });
      continue;
    }
    seen.set(key, document.origin);
    kept.push(document);
  }
  return kept;
}
