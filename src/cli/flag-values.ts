/**
 * Parsers for numeric and duration flags shared by the commands. A malformed value is
 * CLI_USAGE (exit 2) naming the flag, the accepted form and the value given, never an
 * internal error; commander calls these while it reads the command line.
 */
import { cliError } from './errors.js';

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

export interface Range {
  readonly min: number;
  readonly max: number;
  /** Where a bound comes from, said when a value is out of range. */
  readonly why?: string;
}

/** A whole number written in decimal, from `range.min` to `range.max`. */
export function parseWholeNumber(value: string, flag: string, range: Range): number {
  const number = /^(0|[1-9][0-9]{0,15})$/.test(value.trim()) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(number) && number >= range.min && number <= range.max)) {
    throw cliError(
      'CLI_USAGE',
      `${flag} must be a whole number from ${range.min} to ${range.max}, got "${value}"`,
      { details: { flag, value } },
    );
  }
  return number;
}

/**
 * A duration in milliseconds: `500ms`, `25s`, `2m`, `1h` or a bare (decimal) number of
 * seconds, from `range.min` to `range.max` milliseconds.
 */
export function parseDuration(value: string, flag: string, range: Range): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = match === null ? NaN : Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 's']!);
  const details = { details: { flag, value } };
  if (Number.isNaN(ms)) {
    throw cliError(
      'CLI_USAGE',
      `${flag} must be a duration such as 500ms, 25s or 2m (a bare number is seconds), got "${value}"`,
      details,
    );
  }
  const because = range.why === undefined ? '' : ` (${range.why})`;
  if (ms < range.min || ms > range.max) {
    const bound =
      ms < range.min
        ? `at least ${formatDuration(range.min)}`
        : `at most ${formatDuration(range.max)}`;
    throw cliError('CLI_USAGE', `${flag} must be ${bound}${because}, got "${value}"`, details);
  }
  return ms;
}

/** `1h`, `2m`, `25s`, `1.5s` or `500ms`: the largest unit that writes it exactly. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

/** Repeated `NAME=VALUE` flags (`--label`, `--key-secret`) as a record; a later NAME wins. */
export function nameValuePairs(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw cliError('CLI_USAGE', `${flag} takes name=value, got "${value}"`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}
