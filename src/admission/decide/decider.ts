/**
 * The admission decision for one review or one Gatekeeper request: the namespace gate,
 * every container judged concurrently under one deadline, and the answer (with messages
 * naming each failing container, warnings, and for mutation the digest pins).
 */
import type { RegistryClientOptions } from '../../oci/remote/index.js';
import type { CompiledPolicySet } from '../../policy/index.js';
import type { CompiledSecurityPolicySet } from '../../policy/security/index.js';
import type { TlogTrust } from '../../signing/verify/index.js';
import { extractWorkload, type AdmissionRequest } from '../review/index.js';
import { answerReview, type AdmissionDecision, type SkipReason } from './review-answer.js';
import { withDeadline } from './deadline.js';
import { judgeImage, type JudgeContext, type JudgeServices } from './judge-image.js';
import { LruCache } from './lru-cache.js';
import { judgeSecurityPolicies, type SecurityResultCache } from './security-judgement.js';
import { deniedJudgement, type ImageJudgement } from './judgement.js';
import type { KubernetesReader } from './kubernetes-reader.js';
import { namespaceIncluded } from './namespace-gate.js';
import { RegistryClientPool } from './registry-clients.js';
import type { RegistryOperation } from './registry-evidence.js';
import { SingleFlight } from './single-flight.js';
import { VerdictCache, type VerdictSource } from './verdict-cache.js';
import {
  ANONYMOUS_FINGERPRINT,
  workloadCredentials,
  type WorkloadCredentials,
} from './workload-credentials.js';
import { describeError } from '../../core/errors.js';
import { anonymous } from '../../oci/credentials/index.js';

const ANONYMOUS: WorkloadCredentials = {
  provider: anonymous,
  fingerprint: ANONYMOUS_FINGERPRINT,
  problems: [],
};

export interface DeciderOptions {
  readonly kubernetes: KubernetesReader;
  /** Where `key.secretRef` Secrets are read: the webhook's own namespace. */
  readonly keyNamespace: string;
  /** Under the webhook's timeoutSeconds, so Signet answers (denying) before the API server gives up. */
  readonly deadlineMs: number;
  readonly cache: {
    readonly ttlMs: number;
    readonly negativeTtlMs?: number;
    readonly maxEntries: number;
  };
  readonly registry?: Omit<RegistryClientOptions, 'credentials'>;
  /** Check the namespace label inside too (defence in depth); off only where no cluster can be read. */
  readonly checkNamespace?: boolean;
  readonly observer?: DecisionObserver;
  readonly now?: () => number;
  /**
   * Transparency logs trusted for key signatures (`--tlog-key`): their entries are verified,
   * reported in decision records, and count for `transparencyLog.entryRequired`.
   */
  readonly trustedLogs?: TlogTrust;
}

export interface DecisionObserver {
  registryCall?(operation: RegistryOperation): void;
  verdict?(source: VerdictSource): void;
}

export class AdmissionDecider {
  private policySet: CompiledPolicySet | undefined;
  private securitySet: CompiledSecurityPolicySet | undefined;
  private readonly securityResults: SecurityResultCache;
  private readonly services: JudgeServices;
  private readonly pool: RegistryClientPool;

  constructor(private readonly options: DeciderOptions) {
    this.pool = new RegistryClientPool(options.registry ?? {});
    this.securityResults = {
      store: new LruCache({
        maxEntries: options.cache.maxEntries,
        ...(options.now ? { now: options.now } : {}),
      }),
      ttlMs: options.cache.ttlMs,
    };
    this.services = {
      pool: this.pool,
      cache: new VerdictCache({ ...options.cache, ...(options.now ? { now: options.now } : {}) }),
      resolutions: new SingleFlight(),
      kubernetes: options.kubernetes,
      keyNamespace: options.keyNamespace,
      ...(options.trustedLogs === undefined ? {} : { trustedLogs: options.trustedLogs }),
      onRegistryCall: (op) => options.observer?.registryCall?.(op),
      onVerdict: (source) => options.observer?.verdict?.(source),
    };
  }

  /** Replaces the compiled policies; cached verdicts of other revisions stop matching. */
  setPolicies(set: CompiledPolicySet): void {
    this.policySet = set;
  }

  /** Deploy-stage SecurityPolicies evaluated after the ClusterImagePolicies of each image. */
  setSecurityPolicies(set: CompiledSecurityPolicySet | undefined): void {
    this.securitySet = set;
  }

  get policies(): CompiledPolicySet | undefined {
    return this.policySet;
  }

  get cachedVerdicts(): number {
    return this.services.cache.size;
  }

  async decideReview(
    request: AdmissionRequest,
    mode: 'validate' | 'mutate',
  ): Promise<AdmissionDecision> {
    const skip = (skipped: SkipReason): AdmissionDecision => ({
      allowed: true,
      warnings: [],
      patch: [],
      images: [],
      skipped,
      timedOut: false,
    });
    if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return skip('operation');
    // Only the ephemeral-containers subresource adds images; status and the like do not.
    if (request.subResource !== undefined && request.subResource !== 'ephemeralcontainers')
      return skip('kind');
    const workload =
      request.object === undefined ? undefined : extractWorkload(request.kind.kind, request.object);
    if (workload === undefined) return skip('kind');
    const set = this.requirePolicies();
    const namespace = request.namespace;

    const results: (ImageJudgement | undefined)[] = new Array<ImageJudgement | undefined>(
      workload.images.length,
    );
    const work = async (): Promise<'skip' | 'judged'> => {
      if (this.options.checkNamespace !== false && namespace !== undefined) {
        const labels = await this.options.kubernetes.namespaceLabels(namespace);
        if (!namespaceIncluded(labels)) return 'skip';
      }
      let credentials: Promise<WorkloadCredentials> | undefined;
      const context: JudgeContext = {
        policies: set,
        kind: request.resource,
        labels: workload.labels,
        ...(namespace === undefined ? {} : { namespace }),
        credentials: () =>
          (credentials ??=
            namespace === undefined
              ? Promise.resolve(ANONYMOUS)
              : workloadCredentials(this.options.kubernetes, namespace, workload)),
      };
      await Promise.all(
        workload.images.map(async (c, i) => {
          const judged = await judgeImage(this.services, context, c.image, c.path);
          const now = new Date(this.options.now?.() ?? Date.now());
          results[i] = await judgeSecurityPolicies(
            this.services,
            context,
            this.securitySet,
            judged,
            now,
            this.securityResults,
          );
        }),
      );
      return 'judged';
    };
    let failure: string | undefined;
    let timedOut = false;
    try {
      const outcome = await withDeadline(work(), this.options.deadlineMs);
      if (outcome.done && outcome.value === 'skip') return skip('namespace');
      timedOut = !outcome.done;
    } catch (error) {
      failure = `namespace ${namespace ?? ''} could not be read: ${describeError(error)}`;
    }
    // Images judged before the deadline keep their judgement; the rest are denied (fail closed).
    const images = workload.images.map(
      (c, i) =>
        results[i] ??
        deniedJudgement(
          c.image,
          failure === undefined ? 'deadline' : 'unresolved',
          failure === undefined
            ? this.deadlineMessage(c.image)
            : `image ${c.image} could not be verified: ${failure}`,
          { path: c.path },
        ),
    );
    return answerReview(images, workload.images, mode, timedOut);
  }

  /** Gatekeeper external data: bare images, no workload context, anonymous pulls. */
  async decideImages(images: readonly string[]): Promise<ImageJudgement[]> {
    const context: JudgeContext = {
      policies: this.requirePolicies(),
      labels: {},
      credentials: () => Promise.resolve(ANONYMOUS),
    };
    const results: (ImageJudgement | undefined)[] = new Array<ImageJudgement | undefined>(
      images.length,
    );
    const pending = images.map(async (image, i) => {
      results[i] = await judgeImage(this.services, context, image);
    });
    await withDeadline(Promise.all(pending), this.options.deadlineMs);
    return images.map(
      (image, i) => results[i] ?? deniedJudgement(image, 'deadline', this.deadlineMessage(image)),
    );
  }

  private deadlineMessage(image: string): string {
    const ms = this.options.deadlineMs;
    const shown = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
    return `image ${image} could not be verified within the ${shown} deadline: the registry or the transparency log could not be reached in time; denied because Signet fails closed (retry when the registry answers)`;
  }

  private requirePolicies(): CompiledPolicySet {
    if (this.policySet === undefined) throw new Error('policies are not compiled yet');
    return this.policySet;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
