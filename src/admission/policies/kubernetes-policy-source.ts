/**
 * ClusterImagePolicies from the Kubernetes API: list, then watch from the list's
 * resourceVersion; on 410 Expired re-list at once, on a failure or disconnect re-list
 * after a bounded exponential backoff. Each object is validated alone (as policy files
 * are): an invalid object is skipped whole and reported, the others stay in force. Until
 * the first list succeeds there is no snapshot, so the webhook stays unready (fail closed);
 * after that, a lost connection keeps the last snapshot while retrying.
 * Object content is written by cluster users: it is validated, never trusted.
 *
 * The same source reads TrustRoots (SIGSTORE_TRUST_ROOTS) and SecurityPolicies
 * (SIGNET_SECURITY_POLICIES). A collection whose CustomResourceDefinition is absent (404)
 * has no objects: the source is synced, empty, and lists again later, instead of keeping
 * the webhook unready for a resource nobody uses (isAbsentOptionalResource).
 */
import type { Logger } from 'pino';
import { describeError, isSignetError } from '../../core/errors.js';
import { formatProblem, hasErrors } from '../../policy/index.js';
import { watchOnce } from '../../core/kubernetes/watch-once.js';
import {
  collectionName,
  kindOf,
  type PolicyApi,
  type PolicyCollection,
} from './kubernetes-policy-api.js';
import { validatePolicyObject, type ValidatedObject } from './policy-object.js';
import {
  MAX_REPORTED_PROBLEMS,
  type PolicySnapshot,
  type PolicySource,
  type PolicySourceStatus,
} from './policy-source.js';

export interface KubernetesPolicySourceOptions {
  readonly api: PolicyApi;
  readonly collection: PolicyCollection;
  readonly logger: Logger;
  /** 1 s doubling to 30 s: quick after a blip, gentle on an API server that is struggling. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** The server ends each watch after this; 5 min, the low end of client-go's reflector range. */
  readonly watchTimeoutSeconds?: number;
}

type WatchOutcome = { kind: 'ended'; resourceVersion: string } | { kind: 'expired' };

export class KubernetesPolicySource implements PolicySource {
  readonly name: string;
  private readonly objects = new Map<string, ValidatedObject>();
  private synced = false;
  private lastError: string | undefined;
  private closed = false;
  private changed: () => void = () => {};
  private running: Promise<void> | undefined;
  private stopWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: KubernetesPolicySourceOptions) {
    this.name = collectionName(options.collection);
  }

  start(changed: () => void): void {
    this.changed = changed;
    this.running ??= this.run();
  }

  snapshot(): PolicySnapshot | undefined {
    if (!this.synced) return undefined;
    const entries = [...this.objects.values()].sort((a, b) => a.name.localeCompare(b.name));
    return {
      documents: entries.flatMap((e) => e.documents),
      trustRoots: entries.flatMap((e) => e.trustRoots),
      securityPolicies: entries.flatMap((e) => e.securityPolicies),
      problems: entries.flatMap((e) => e.problems),
    };
  }

  status(): PolicySourceStatus {
    const snapshot = this.snapshot();
    return {
      name: this.name,
      synced: this.synced,
      policies: snapshot?.documents.length ?? 0,
      securityPolicies: snapshot?.securityPolicies.length ?? 0,
      problems: (snapshot?.problems ?? []).slice(0, MAX_REPORTED_PROBLEMS).map(formatProblem),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatch?.();
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    let delay = initialMs;
    while (!this.closed) {
      try {
        let resourceVersion = await this.list();
        for (;;) {
          if (this.closed) return;
          const outcome = await this.watchFrom(resourceVersion);
          // Reset only once a watch has run its course: a server that lists but fails every
          // watch at once would otherwise be asked again every initialMs, for ever.
          delay = initialMs;
          if (outcome.kind === 'expired') break; // re-list at once: the history is gone, not the server
          resourceVersion = outcome.resourceVersion;
        }
        continue;
      } catch (error) {
        if (this.closed) return;
        if (this.isAbsentOptionalResource(error)) {
          await this.sleep(maxMs);
          continue;
        }
        this.lastError = describeError(error);
        this.options.logger.error(
          { source: this.name, err: this.lastError, retryInMs: delay },
          this.synced
            ? 'policy source disconnected; keeping the last policies'
            : 'policy source unavailable; not ready',
        );
        this.changed();
      }
      await this.sleep(delay * (0.75 + Math.random() / 2)); // jitter: replicas do not retry in step
      delay = Math.min(delay * 2, maxMs);
    }
  }

  /**
   * True (after recording an empty, synced snapshot) when the collection's
   * CustomResourceDefinition is not installed (404): no object of it can exist, so there are
   * none to apply. For TrustRoots (policy-controller's resource) a 401 or 403 means the
   * same: deploy/01-rbac.yaml may predate them, keyless authorities naming a TrustRoot then
   * fail ("does not exist"), which is safe, and keeping the whole webhook unready for them
   * would not be; the refusal stays visible in /readyz as the last error. SecurityPolicies
   * that may exist but cannot be read are a failure (the webhook stays unready or keeps the
   * last ones): admitting without an enforcing policy would fail open.
   */
  private isAbsentOptionalResource(error: unknown): boolean {
    if (!isSignetError(error)) return false;
    const { resource } = this.options.collection;
    const status = error.details.status;
    const absentWhen =
      resource === 'trustroots' ? [404, 401, 403] : resource === 'securitypolicies' ? [404] : [];
    if (typeof status !== 'number' || !absentWhen.includes(status)) return false;
    const kinds = resource === 'trustroots' ? 'TrustRoots' : 'SecurityPolicies';
    const reason =
      status === 404
        ? undefined
        : `${describeError(error)}; no ${kinds} are used until the webhook may read them`;
    const changed = !this.synced || this.objects.size > 0 || this.lastError !== reason;
    this.objects.clear();
    this.synced = true;
    this.lastError = reason;
    if (changed) {
      this.options.logger.warn(
        { source: this.name, ...(reason === undefined ? {} : { err: reason }) },
        status === 404
          ? `${kinds} are not served by this cluster (no CustomResourceDefinition); none are used`
          : `${kinds} may not be read; none are used`,
      );
      this.changed();
    }
    return true;
  }

  private async list(): Promise<string> {
    const listing = await this.options.api.list(this.options.collection);
    const previous = new Map(this.objects);
    this.objects.clear();
    for (const item of listing.items) {
      const name = nameOf(item);
      const old = previous.get(name);
      this.objects.set(
        name,
        old !== undefined && old.resourceVersion === versionOf(item) ? old : this.validate(item),
      );
    }
    this.synced = true;
    this.lastError = undefined;
    this.options.logger.info(
      { source: this.name, objects: listing.items.length },
      'policies listed',
    );
    this.changed();
    return listing.resourceVersion;
  }

  private async watchFrom(from: string): Promise<WatchOutcome> {
    let resourceVersion = from;
    const end = await watchOnce({
      start: (onEvent) =>
        this.options.api.watch(
          this.options.collection,
          from,
          this.options.watchTimeoutSeconds ?? 300,
          onEvent,
        ),
      started: (stop) => (this.stopWatch = stop),
      closed: () => this.closed,
      changed: (event) => {
        const version = versionOf(event.object);
        if (version !== '') resourceVersion = version;
        if (event.type === 'BOOKMARK') return;
        this.apply(event.type, event.object);
      },
    });
    if (end.kind === 'expired') {
      this.options.logger.info(
        { source: this.name, reason: end.reason },
        'policy watch expired; listing again',
      );
      return { kind: 'expired' };
    }
    return { kind: 'ended', resourceVersion };
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void {
    const name = nameOf(object);
    if (type === 'DELETED') this.objects.delete(name);
    else this.objects.set(name, this.validate(object));
    this.options.logger.info(
      { source: this.name, policy: name, event: type },
      'policy object changed',
    );
    this.changed();
  }

  private validate(object: unknown): ValidatedObject {
    const { collection } = this.options;
    const validated = validatePolicyObject(object, collection.group, kindOf(collection));
    if (hasErrors(validated.problems)) {
      this.options.logger.error(
        {
          source: this.name,
          policy: validated.name,
          problems: validated.problems.map(formatProblem),
        },
        `${kindOf(collection)} skipped: it is invalid (fix it; the other policies stay in force)`,
      );
    }
    return validated;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function metadataOf(object: unknown): { name?: unknown; resourceVersion?: unknown } {
  const metadata = (object as { metadata?: unknown } | null)?.metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata : {};
}

function nameOf(object: unknown): string {
  const name = metadataOf(object).name;
  return typeof name === 'string' ? name : '';
}

function versionOf(object: unknown): string {
  const version = metadataOf(object).resourceVersion;
  return typeof version === 'string' ? version : '';
}
