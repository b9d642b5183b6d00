/**
 * Tells a person watching a command that it is waiting on a registry, instead of leaving
 * the terminal silent until the timeout: after 2 s without an answer,
 * `still waiting for registry HOST (2 s)…` on stderr, then again every 5 s. Only stderr is
 * written, so `--output json` on stdout stays machine-readable; with `--output json` the
 * notices appear only when stderr is a terminal, so that a program reading JSON errors
 * from stderr gets nothing else there.
 */
import type { RegistryClient } from '../oci/remote/index.js';
import type { Console, OutputFormat } from './output.js';

/** Long enough that a healthy registry (well under a second) never triggers it. */
export const FIRST_NOTICE_AFTER_MS = 2_000;
/** Often enough to show the command is alive, rarely enough not to flood a CI log. */
export const NOTICE_EVERY_MS = 5_000;

export interface ProgressTarget {
  readonly console: Console;
  readonly format: OutputFormat;
}

export function shouldReportProgress(target: ProgressTarget): boolean {
  return target.format === 'text' || target.console.errIsTerminal === true;
}

interface Waiting {
  readonly since: number;
  pending: number;
  timer: NodeJS.Timeout;
}

/** One notice stream per registry, however many requests to it are in flight. */
export class SlowRegistryNotices {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly console: Console) {}

  track<T>(registry: string, call: Promise<T>): Promise<T> {
    const entry = this.waiting.get(registry);
    if (entry !== undefined) entry.pending++;
    else {
      const since = Date.now();
      const timer = this.schedule(registry, since, FIRST_NOTICE_AFTER_MS);
      this.waiting.set(registry, { since, pending: 1, timer });
    }
    return call.finally(() => this.settle(registry));
  }

  private schedule(registry: string, since: number, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const seconds = Math.round((Date.now() - since) / 1000);
      this.console.err(`still waiting for registry ${registry} (${seconds} s)…`);
      const entry = this.waiting.get(registry);
      if (entry !== undefined) entry.timer = this.schedule(registry, since, NOTICE_EVERY_MS);
    }, delayMs);
    // A notice must never keep the process alive after the command is done.
    timer.unref();
    return timer;
  }

  private settle(registry: string): void {
    const entry = this.waiting.get(registry);
    if (entry === undefined || --entry.pending > 0) return;
    clearTimeout(entry.timer);
    this.waiting.delete(registry);
  }
}

/**
 * The same client with every registry call tracked by `notices`. Methods run on the
 * client itself, so calls it makes internally are not counted twice.
 */
export function withSlowRegistryNotices(
  client: RegistryClient,
  notices: SlowRegistryNotices,
): RegistryClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        const registry = registryNamedBy(args);
        return result instanceof Promise && registry !== undefined
          ? notices.track(registry, result)
          : result;
      };
    },
  });
}

/** The registry a call goes to: that of its last reference argument (mountBlob's target). */
function registryNamedBy(args: readonly unknown[]): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    const registry = (args[i] as { registry?: unknown } | null)?.registry;
    if (typeof registry === 'string') return registry;
  }
  return undefined;
}
