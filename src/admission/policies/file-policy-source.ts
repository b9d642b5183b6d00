/**
 * Policy files and folders (`--policy`, `--security-policy`) reloaded when they change: a
 * watch on each folder (for a file, on its folder) triggers a debounced reload. Watching
 * folders rather than files survives editors that replace files and the symlink swap
 * Kubernetes uses to update ConfigMap volumes (`..data` renamed). A reload whose files have
 * errors is refused whole: the previous documents stay in force and the problems are
 * reported until fixed.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { describeError } from '../../core/errors.js';
import { loadPolicyFiles, type LoadedPolicies } from '../../config/policy-loader.js';
import {
  compilePolicies,
  formatProblem,
  hasErrors,
  type PolicyProblem,
} from '../../policy/index.js';
import {
  MAX_REPORTED_PROBLEMS,
  type PolicySnapshot,
  type PolicySource,
  type PolicySourceStatus,
} from './policy-source.js';

/**
 * Reads and validates the files; when they have no errors, also compiles them and throws
 * what compiling finds, so that a set that cannot be applied is refused here.
 */
export type PolicyFileReader = (paths: readonly string[]) => Promise<PolicySnapshot>;

export interface FilePolicySourceOptions {
  readonly paths: readonly string[];
  /** The load done at start (whose errors stopped the start), so the source is synced at once. */
  readonly initial: PolicySnapshot;
  /** How the files are read again; ClusterImagePolicy files by default. */
  readonly read?: PolicyFileReader;
  /** What the files hold, for the source's name: `SecurityPolicy files a/, b.yaml`. */
  readonly kind?: string;
  readonly logger: Logger;
  /** 300 ms: an editor or kubelet writes several files in a burst; one reload covers it. */
  readonly debounceMs?: number;
}

export class FilePolicySource implements PolicySource {
  readonly name: string;
  private current: PolicySnapshot;
  private refused: readonly PolicyProblem[] = [];
  private lastError: string | undefined;
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private changed: () => void = () => {};
  private closed = false;

  constructor(private readonly options: FilePolicySourceOptions) {
    this.name = `${options.kind === undefined ? '' : `${options.kind} `}files ${options.paths.join(', ')}`;
    this.current = options.initial;
  }

  start(changed: () => void): void {
    this.changed = changed;
    void this.watchPaths();
  }

  snapshot(): PolicySnapshot {
    return this.current;
  }

  status(): PolicySourceStatus {
    return {
      name: this.name,
      synced: true,
      policies: this.current.documents.length,
      securityPolicies: this.current.securityPolicies.length,
      problems: [...this.refused, ...this.current.problems]
        .slice(0, MAX_REPORTED_PROBLEMS)
        .map(formatProblem),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Reads the files again now (the watchers call this, debounced); serialised. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.load());
    return this.reloading;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.reloading;
  }

  private async load(): Promise<void> {
    if (this.closed) return;
    let loaded: PolicySnapshot;
    try {
      loaded = await (this.options.read ?? readClusterImagePolicyFiles)(this.options.paths);
    } catch (error) {
      this.refuse([], describeError(error));
      return;
    }
    if (hasErrors(loaded.problems)) {
      this.refuse(loaded.problems, 'the policy files have errors');
      return;
    }
    this.current = loaded;
    this.refused = [];
    this.lastError = undefined;
    this.options.logger.info(
      {
        source: this.name,
        policies: loaded.documents.length,
        trustRoots: loaded.trustRoots.length,
        securityPolicies: loaded.securityPolicies.length,
      },
      'policy files reloaded',
    );
    this.changed();
  }

  private refuse(problems: readonly PolicyProblem[], reason: string): void {
    this.refused = problems;
    this.lastError = `reload refused: ${reason}; the previous policies stay in force until the files are fixed`;
    this.options.logger.error(
      { source: this.name, problems: problems.map(formatProblem) },
      `policy ${this.lastError}`,
    );
    this.changed();
  }

  private async watchPaths(): Promise<void> {
    const folders = new Set<string>();
    for (const path of this.options.paths) {
      try {
        folders.add((await stat(path)).isDirectory() ? path : dirname(path));
      } catch (error) {
        this.options.logger.warn({ path, err: describeError(error) }, 'policy path not watched');
      }
    }
    if (this.closed) return;
    for (const folder of folders) {
      try {
        const watcher = watch(folder, () => this.schedule());
        watcher.on('error', (error) =>
          this.options.logger.warn(
            { path: folder, err: describeError(error) },
            'policy watch stopped',
          ),
        );
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn(
          { path: folder, err: describeError(error) },
          'policy path not watched',
        );
      }
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 300);
  }
}

/** ClusterImagePolicy files and the TrustRoots beside them, as one snapshot. */
export async function readClusterImagePolicyFiles(
  paths: readonly string[],
): Promise<PolicySnapshot> {
  const loaded = await loadPolicyFiles(paths);
  if (!hasErrors(loaded.problems)) {
    compilePolicies(loaded.documents, { trustRoots: loaded.trustRoots });
  }
  return snapshotOf(loaded);
}

/** The policies and TrustRoots of a load done elsewhere (the start's), as one snapshot. */
export function snapshotOf(loaded: LoadedPolicies): PolicySnapshot {
  return {
    documents: loaded.documents,
    problems: loaded.problems,
    trustRoots: loaded.trustRoots,
    securityPolicies: [],
  };
}
