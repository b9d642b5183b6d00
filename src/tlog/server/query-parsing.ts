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

/**
 * The optional `treeID` query parameter of the proof and public-key routes (decimal, as
 * Rekor's shards are named). This log has one tree; naming another is a 400, as in Rekor.
 */
export function checkTreeIdParameter(value: unknown, treeId: string): void {
  if (value === undefined || value === '') return;
  if (typeof value !== 'string' || !/^[0-9]{1,19}$/.test(value)) {
    throw tlogServerError('TLOG_REQUEST_INVALID', 'treeID must be a decimal tree ID');
  }
  if (BigInt(value) !== BigInt(treeId)) {
    throw tlogServerError(
      'TLOG_REQUEST_INVALID',
      `this log has one tree, ${treeId}; there is no tree ${value}`,
    );
  }
}
