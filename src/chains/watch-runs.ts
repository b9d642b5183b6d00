/**
 * Keeps the controller told about every run of one kind: list (each run is reported),
 * then watch from the list's resourceVersion (each added or modified run is reported);
 * when the watch ends, list again, which also re-reports runs whose retry was lost to a
 * restart of the API server. On 410 Expired the list comes at once; on a failure after a
 * backoff of 1 s doubling to 30 s, with jitter so replicas do not retry in step.
 */
import type { Logger } from 'pino';
import { describeError } from '../core/errors.js';
import { watchOnce } from '../core/kubernetes/watch-once.js';
import type { RunApi } from './run-api.js';
import type { RunKind } from './run-object.js';

export interface WatchRunsOptions {
  readonly api: RunApi;
  readonly kind: RunKind;
  readonly logger: Logger;
  readonly seen: (object: unknown) => void;
  readonly watchTimeoutSeconds?: number;
}

export function watchRuns(options: WatchRunsOptions): { done: Promise<void>; stop: () => void } {
  let stopped = false;
  let stopWatch: (() => void) | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const { api, kind, logger } = options;
  const once = async (): Promise<void> => {
    const listing = await api.list(kind);
    for (const item of listing.items) options.seen(item);
    // 410 Expired ends the watch like the server's timeout does: either way, list again.
    await watchOnce({
      start: (onEvent) =>
        api.watch(kind, listing.resourceVersion, options.watchTimeoutSeconds ?? 300, onEvent),
      started: (stop) => (stopWatch = stop),
      closed: () => stopped,
      changed: (event) => {
        if (event.type === 'ADDED' || event.type === 'MODIFIED') options.seen(event.object);
      },
    });
  };
  const done = (async () => {
    let delay = 1000;
    while (!stopped) {
      try {
        await once();
        delay = 1000;
        continue;
      } catch (error) {
        if (stopped) return;
        logger.error({ kind, err: describeError(error), retryInMs: delay }, 'cannot watch runs');
      }
      await sleep(delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, 30_000);
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      stopWatch?.();
      wake?.();
    },
  };
}
