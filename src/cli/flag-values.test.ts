import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { formatDuration, parseDuration, parseWholeNumber } from './flag-values.js';

const usageNaming = (flag: string, value: string) => (error: unknown) =>
  isSignetError(error) &&
  error.code === 'CLI_USAGE' &&
  error.message.startsWith(`${flag} must be`) &&
  error.message.includes(`"${value}"`);

describe('numeric and duration flags', () => {
  it('reads durations in ms, s, m, h and bare seconds', () => {
    const range = { min: 0, max: 86_400_000 };
    assert.equal(parseDuration('500ms', '--timeout', range), 500);
    assert.equal(parseDuration('25s', '--timeout', range), 25_000);
    assert.equal(parseDuration('2m', '--timeout', range), 120_000);
    assert.equal(parseDuration('1h', '--timeout', range), 3_600_000);
    assert.equal(parseDuration('30', '--timeout', range), 30_000);
    assert.equal(parseDuration('1.5', '--timeout', range), 1_500);
  });

  it('rejects malformed or out-of-range durations as usage errors naming the flag', () => {
    const range = { min: 1, max: 30_000 };
    for (const value of ['abc', '', '-5', '1e3', '30 s', '10d', '31s', '0']) {
      assert.throws(
        () => parseDuration(value, '--timeout', range),
        usageNaming('--timeout', value),
      );
    }
  });

  it('says which bound a value crosses, and why when the caller knows', () => {
    const range = { min: 1, max: 30_000, why: 'the Kubernetes webhook maximum' };
    assert.throws(
      () => parseDuration('45s', '--timeout', range),
      /^SignetError: --timeout must be at most 30s \(the Kubernetes webhook maximum\), got "45s"$/,
    );
    assert.throws(
      () => parseDuration('0', '--timeout', { min: 1, max: 10 }),
      /at least 1ms, got "0"/,
    );
  });

  it('reads whole numbers and rejects anything else', () => {
    assert.equal(parseWholeNumber('365', '--days', { min: 1, max: 3650 }), 365);
    for (const value of ['ten', '1e3', '1.5', '-1', '0', '3651', '0x10', ' ']) {
      assert.throws(
        () => parseWholeNumber(value, '--days', { min: 1, max: 3650 }),
        usageNaming('--days', value),
      );
    }
  });

  it('writes durations with the largest exact unit', () => {
    assert.deepEqual([1, 1500, 30_000, 120_000, 3_600_000].map(formatDuration), [
      '1ms',
      '1.5s',
      '30s',
      '2m',
      '1h',
    ]);
  });
});
