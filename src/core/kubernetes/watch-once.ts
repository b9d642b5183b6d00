/**
 * One watch of a list-then-watch loop (API concepts, "Efficient detection of changes"),
 * the step the webhook's policy sources and the pipeline-run controller share; each keeps
 * its own loop around it (when to list again, how to back off). Every change is handed
 * on; the first ERROR event stops the watch. 410 Gone means the version watched from was
 * compacted away: the caller lists again at once. Any other ERROR event, a failed
 * connection, or a watch that ends as soon as it started without an event (so the loop
 * around it cannot spin) rejects.
 */
import type { ResourceWatch, ResourceWatchEvent } from './resource-client.js';

export type ResourceChange = Exclude<ResourceWatchEvent, { type: 'ERROR' }>;

export type WatchEnd = { readonly kind: 'ended' } | { readonly kind: 'expired'; reason: string };

export interface WatchOnceOptions {
  /** Starts the watch, from the caller's resourceVersion, with the handler given. */
  readonly start: (onEvent: (event: ResourceWatchEvent) => void) => ResourceWatch;
  /** ADDED, MODIFIED, DELETED and BOOKMARK events, in order. */
  readonly changed: (event: ResourceChange) => void;
  /** Receives the stop of the watch as soon as it starts, for the caller's close(). */
  readonly started: (stop: () => void) => void;
  /** True once the caller is closing: a watch it stopped is not a failure. */
  readonly closed: () => boolean;
}

/** A watch that ends this fast without events is treated as a failure. */
const MIN_WATCH_MS = 1000;

export async function watchOnce(options: WatchOnceOptions): Promise<WatchEnd> {
  let expired: string | undefined;
  let failure: string | undefined;
  let events = 0;
  const started = Date.now();
  const watch = options.start((event) => {
    events += 1;
    if (event.type === 'ERROR') {
      if (event.code === 410) expired = event.message;
      else failure = event.message;
      watch.stop();
      return;
    }
    options.changed(event);
  });
  options.started(() => watch.stop());
  await watch.ended;
  if (expired !== undefined) return { kind: 'expired', reason: expired };
  if (failure !== undefined) throw new Error(`the watch failed: ${failure}`);
  if (events === 0 && Date.now() - started < MIN_WATCH_MS && !options.closed())
    throw new Error('the watch ended as soon as it started');
  return { kind: 'ended' };
}
