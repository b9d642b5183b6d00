import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  decideRetry,
  isRetryableStatus,
  parseRetryAfterMs,
} from './retry.js';

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retry decisions', () => {
  it('retries 429 and transient 5xx but not 4xx, 501 or 505', () => {
    for (const s of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
    for (const s of [400, 401, 404, 501, 505]) assert.equal(isRetryableStatus(s), false, String(s));
  });

  it('backs off exponentially within [step/2, step], capped', () => {
    assert.equal(
      backoffDelayMs(0, policy, () => 0),
      50,
    );
    assert.equal(
      backoffDelayMs(0, policy, () => 1),
      100,
    );
    assert.equal(
      backoffDelayMs(2, policy, () => 1),
      400,
    );
    assert.equal(
      backoffDelayMs(10, policy, () => 1),
      1000,
    );
    assert.equal(
      backoffDelayMs(1000, policy, () => 0.5),
      750,
    );
  });

  it('stops after maxRetries', () => {
    assert.deepEqual(
      decideRetry(3, undefined, policy, () => 0),
      { retry: false },
    );
    assert.equal(decideRetry(2, undefined, policy, () => 0).retry, true);
  });

  it('waits as long as Retry-After asks, within the cap', () => {
    assert.deepEqual(
      decideRetry(0, 2000, policy, () => 0),
      { retry: true, delayMs: 2000 },
    );
  });

  it('gives up at once when Retry-After exceeds the cap', () => {
    assert.deepEqual(
      decideRetry(0, 60_000, policy, () => 0),
      { retry: false },
    );
  });

  it('has bounded defaults', () => {
    assert.ok(DEFAULT_RETRY_POLICY.maxRetries <= 5);
    assert.ok(DEFAULT_RETRY_POLICY.maxRetryAfterMs <= 60_000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['0', 0],
    ['3', 3000],
    [' 12 ', 12_000],
    ['Wed, 01 May 2024 10:00:05 GMT', 5000],
    ['Wed, 01 May 2024 09:00:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['2024-05-01', undefined],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${String(expected)}`, () => {
      assert.equal(parseRetryAfterMs(value, now), expected);
    });
  }
});
