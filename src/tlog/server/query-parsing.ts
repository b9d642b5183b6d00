/** Strict parsing of query and path values (attacker-controlled). */
import { tlogServerError } from './errors.js';

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** A whole number in [min, 2^53); `fallback` when absent. */
export function countParameter(
  value: unknown,
  name: string,
  min: number,
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const number = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min) {
    throw tlogServerError(
      'TLOG_REQUEST_INVALID',
      `${name} must be a whole number of at least ${min}`,
    );
  }
  return number;
}
