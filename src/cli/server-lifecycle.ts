/**
 * What every `signet serve <server>` command shares: reading `--listen HOST:PORT` and
 * running until the process is asked to stop.
 */
import { cliError } from './errors.js';

export function parseListenAddress(value: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port > 65535) {
    throw cliError(
      'CLI_USAGE',
      `--listen must be HOST:PORT (port 0 picks a free one), got "${value}"`,
    );
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
export function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => resolve(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
