/**
 * Test-only: polls until a condition holds, for changes that take effect asynchronously
 * (a watched file, a watch event, a child process becoming ready). Fails the test, naming
 * what was awaited and the last value seen, when the time is up.
 */
import assert from 'node:assert/strict';

export interface WaitOptions {
  /** Long enough for a loaded two-core machine; a change seen at all is seen well within it. */
  readonly timeoutMs?: number;
  /** Between probes; raise it for probes that cost a request. */
  readonly intervalMs?: number;
}

/** Probes until `done` accepts the value, and returns that value. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const seen = typeof value === 'boolean' ? '' : `: ${JSON.stringify(value)}`;
      assert.fail(`timed out waiting until ${what}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/** Waits until `check` returns true. */
export async function waitFor(
  what: string,
  check: () => boolean,
  options: WaitOptions = {},
): Promise<void> {
  await waitUntil(what, check, (ok) => ok, options);
}
