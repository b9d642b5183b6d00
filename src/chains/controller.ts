/**
 * The pipeline-run signing controller: lists and watches TaskRuns and PipelineRuns, and
 * for each run that succeeded and declares images (type-hints.ts) signs and attests every
 * image (sign-run.ts), then annotates the run as Tekton Chains does. One worker handles
 * runs one at a time from a queue keyed by run, always on a fresh read of the run, so a
 * stale watch event can never make it sign a run already annotated. A failure that may
 * pass (registry or log unreachable) is retried with exponential backoff, counted in
 * `chains.tekton.dev/retries`; bogus results, or the last retry, mark the run failed
 * with the reason. A run that cannot be read or annotated never stops the others.
 */
import type { Logger } from 'pino';
import { describeError, isSignetError } from '../core/errors.js';
import { formatReference } from '../oci/reference/index.js';
import {
  FAILURE_REASON,
  PROGRESS,
  RETRIES,
  SIGNED,
  TRANSPARENCY,
  decide,
  failureReason,
  type RunProgress,
} from './annotations.js';
import type { RunApi } from './run-api.js';
import { readRun, runName, type RunKind, type RunObject } from './run-object.js';
import { runProvenance, signRunImage, type RunSigner } from './sign-run.js';
import { declaredImages } from './type-hints.js';
import { watchRuns } from './watch-runs.js';

export interface ChainsControllerOptions {
  readonly api: RunApi;
  readonly signer: RunSigner;
  readonly logger: Logger;
  /** Attempts after the first; Chains' default is 3. */
  readonly maxRetries?: number;
  /** First retry delay, doubling up to 5 minutes. */
  readonly retryBackoffMs?: number;
  readonly kinds?: readonly RunKind[];
}

export interface ChainsStats {
  signedRuns: number;
  signedImages: number;
  failedRuns: number;
  retries: number;
}

type Key = `${RunKind}/${string}/${string}`;

export class ChainsController {
  readonly stats: ChainsStats = { signedRuns: 0, signedImages: 0, failedRuns: 0, retries: 0 };
  private readonly queue = new Set<Key>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Runs waiting out a retry delay: watch events about them must not cut the wait short. */
  private readonly notBefore = new Map<Key, number>();
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly loops: Promise<void>[] = [];
  private readonly stops: (() => void)[] = [];
  private worker: Promise<void> | undefined;

  constructor(private readonly options: ChainsControllerOptions) {}

  start(): void {
    for (const kind of this.options.kinds ?? ['TaskRun', 'PipelineRun']) {
      const watch = watchRuns({
        api: this.options.api,
        kind,
        logger: this.options.logger,
        seen: (object) => this.enqueueObject(kind, object),
      });
      this.loops.push(watch.done);
      this.stops.push(watch.stop);
    }
    this.worker ??= this.work();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops) stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.wake?.();
    await Promise.all([...this.loops, this.worker]);
  }

  private enqueueObject(kind: RunKind, object: unknown): void {
    const metadata = (object as { metadata?: { namespace?: unknown; name?: unknown } } | null)
      ?.metadata;
    if (typeof metadata?.namespace !== 'string' || typeof metadata.name !== 'string') return;
    this.enqueue(`${kind}/${metadata.namespace}/${metadata.name}`);
  }

  private enqueue(key: Key): void {
    this.queue.add(key);
    this.wake?.();
  }

  private async work(): Promise<void> {
    while (!this.closed) {
      const next = this.queue.values().next();
      if (next.done === true) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.queue.delete(next.value);
      try {
        await this.handle(next.value);
      } catch (error) {
        // Reading or annotating failed: the API server is struggling; the run comes back later.
        this.options.logger.error(
          { run: next.value, err: describeError(error) },
          'run not handled',
        );
        this.later(next.value, 0);
      }
    }
  }

  private async handle(key: Key): Promise<void> {
    const [kind, namespace, name] = key.split('/') as [RunKind, string, string];
    const wait = this.notBefore.get(key);
    if (wait !== undefined && Date.now() < wait) return; // its timer brings it back
    this.notBefore.delete(key);
    const object = await this.options.api.get(kind, namespace, name);
    if (object === undefined) return;
    let run: RunObject;
    try {
      run = readRun(object, kind);
    } catch (error) {
      this.options.logger.error({ run: key, err: describeError(error) }, 'run skipped');
      return;
    }
    const decision = decide(run);
    if (decision.kind === 'skip') return;
    let images;
    let predicate;
    try {
      images = declaredImages(run);
      if (images.length === 0) return; // nothing declared: not Signet's to sign
      predicate = runProvenance(run);
    } catch (error) {
      await this.giveUp(run, describeError(error), decision.retries);
      return;
    }
    const progress: Record<string, RunProgress[string]> = { ...decision.progress };
    try {
      for (const image of images) {
        const id = formatReference(image.reference);
        if (progress[id] !== undefined) continue;
        progress[id] = await signRunImage(this.options.signer, image.reference, predicate);
        this.stats.signedImages += 1;
        await this.options.api.annotate(kind, namespace, name, {
          [PROGRESS]: JSON.stringify(progress),
        });
      }
    } catch (error) {
      await this.failed(run, key, error, decision.retries);
      return;
    }
    const first = progress[formatReference(images[0]!.reference)]!;
    await this.options.api.annotate(kind, namespace, name, {
      [SIGNED]: 'true',
      [TRANSPARENCY]: first.provenance,
      [FAILURE_REASON]: null,
    });
    this.stats.signedRuns += 1;
    this.options.logger.info({ run: runName(run), images: images.length }, 'run signed');
  }

  private async failed(run: RunObject, key: Key, error: unknown, retries: number): Promise<void> {
    const reason = describeError(error);
    const permanent = isSignetError(error) && error.code === 'CHAINS_RESULT_INVALID';
    if (permanent || retries >= (this.options.maxRetries ?? 3)) {
      await this.giveUp(run, reason, retries);
      return;
    }
    this.stats.retries += 1;
    await this.options.api.annotate(run.kind, run.namespace, run.name, {
      [RETRIES]: String(retries + 1),
      [FAILURE_REASON]: failureReason(`${runName(run)}: ${reason}`),
    });
    this.options.logger.warn({ run: runName(run), err: reason, retry: retries + 1 }, 'retrying');
    this.later(key, retries);
  }

  private async giveUp(run: RunObject, reason: string, retries: number): Promise<void> {
    const message = reason.startsWith(runName(run)) ? reason : `${runName(run)}: ${reason}`;
    await this.options.api.annotate(run.kind, run.namespace, run.name, {
      [SIGNED]: 'failed',
      [RETRIES]: String(retries),
      [FAILURE_REASON]: failureReason(message),
    });
    this.stats.failedRuns += 1;
    this.options.logger.error({ run: runName(run), err: message }, 'run not signed');
  }

  private later(key: Key, attempt: number): void {
    if (this.closed) return;
    const delay = Math.min((this.options.retryBackoffMs ?? 1000) * 2 ** attempt, 300_000);
    this.notBefore.set(key, Date.now() + delay);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(key);
    }, delay);
    this.timers.add(timer);
  }
}
