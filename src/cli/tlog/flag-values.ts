/** Values of the `signet tlog` flags: entry indexes, tree sizes, the monitor interval. */
import { cliError } from '../errors.js';

/** A whole number from `min` to 2^53 - 1, written in decimal. */
export function parseCount(value: string, flag: string, min: number): number {
  const number = /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(number) && number >= min))
    throw cliError(
      'CLI_USAGE',
      `${flag} must be a whole number of at least ${min}, got "${value}"`,
    );
  return number;
}

/**
 * Shortest and longest monitor interval. 1 s keeps a mistyped value from hammering the
 * log; a day is the longest gap that still catches a split view while it is served.
 */
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 86_400_000;
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `1h`, `500ms`, or plain seconds. */
export function parseInterval(value: string): number {
  const match = /^([0-9]{1,9})(ms|s|m|h)?$/.exec(value);
  const ms = match === null ? NaN : Number(match[1]) * UNITS[match[2] ?? 's']!;
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS))
    throw cliError(
      'CLI_USAGE',
      `--interval must be a duration from 1s to 24h such as 30s, 5m or 1h, got "${value}"`,
    );
  return ms;
}

/** A 64-hex SHA-256 digest, with or without the `sha256:` prefix. */
export function parseSha256(value: string): string {
  const hex = value.toLowerCase().replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw cliError(
      'CLI_USAGE',
      `--sha256 must be 64 hex characters (optionally sha256:…), got "${value.slice(0, 80)}"`,
    );
  return hex;
}
