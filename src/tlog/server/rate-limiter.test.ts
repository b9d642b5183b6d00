import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from './rate-limiter.js';

function limiter(ratePerSecond: number, burst: number, maxClients?: number) {
  let now = 0;
  const rateLimiter = new RateLimiter({ ratePerSecond, burst, maxClients, now: () => now });
  return { rateLimiter, advance: (ms: number) => (now += ms) };
}

describe('write rate limiter', () => {
  it('lets a client send its burst at once, then refuses with the wait until the next token', () => {
    const { rateLimiter } = limiter(0.5, 3);
    for (let i = 0; i < 3; i++) assert.deepEqual(rateLimiter.take('a'), { allowed: true });
    assert.deepEqual(rateLimiter.take('a'), { allowed: false, retryAfterSeconds: 2 });
  });

  it('refills at the configured rate, never beyond the burst', () => {
    const { rateLimiter, advance } = limiter(10, 2);
    rateLimiter.take('a');
    rateLimiter.take('a');
    assert.equal(rateLimiter.take('a').allowed, false);
    advance(100);
    assert.equal(rateLimiter.take('a').allowed, true);
    assert.equal(rateLimiter.take('a').allowed, false);
    advance(60_000);
    assert.equal(rateLimiter.take('a').allowed, true);
    assert.equal(rateLimiter.take('a').allowed, true);
    assert.equal(rateLimiter.take('a').allowed, false);
  });

  it('keeps one bucket per client', () => {
    const { rateLimiter } = limiter(1, 1);
    assert.equal(rateLimiter.take('a').allowed, true);
    assert.equal(rateLimiter.take('a').allowed, false);
    assert.equal(rateLimiter.take('b').allowed, true);
  });

  it('rounds Retry-After up to whole seconds, at least one', () => {
    const { rateLimiter } = limiter(1000, 1);
    rateLimiter.take('a');
    assert.deepEqual(rateLimiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
    const slow = limiter(0.3, 1).rateLimiter;
    slow.take('a');
    assert.deepEqual(slow.take('a'), { allowed: false, retryAfterSeconds: 4 });
  });

  it('tracks a bounded number of clients, forgetting the least recently seen', () => {
    const { rateLimiter } = limiter(1, 1, 3);
    for (const client of ['a', 'b', 'c']) rateLimiter.take(client);
    rateLimiter.take('a'); // a is now the most recently seen
    rateLimiter.take('d');
    assert.equal(rateLimiter.size, 3);
    assert.equal(rateLimiter.take('a').allowed, false, 'a was kept');
    assert.equal(rateLimiter.take('b').allowed, true, 'b was forgotten and starts afresh');
  });

  it('refuses a rate or burst that would never let anything through', () => {
    assert.throws(() => new RateLimiter({ ratePerSecond: 0, burst: 1 }), RangeError);
    assert.throws(() => new RateLimiter({ ratePerSecond: 1, burst: 0 }), RangeError);
    assert.throws(() => new RateLimiter({ ratePerSecond: Infinity, burst: 1 }), RangeError);
  });
});
