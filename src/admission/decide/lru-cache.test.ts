import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru-cache.js';

function clockedCache(maxEntries: number) {
  let now = 1000;
  const cache = new LruCache<string, number>({ maxEntries, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('LruCache', () => {
  it('returns a value until its time to live has passed', () => {
    const { cache, advance } = clockedCache(10);
    cache.set('a', 1, 100);
    advance(99);
    assert.equal(cache.get('a'), 1);
    advance(1);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('evicts the least recently used entry when full', () => {
    const { cache } = clockedCache(2);
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3, 1000);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.equal(cache.size, 2);
  });

  it('does not store an entry with no time to live', () => {
    const { cache } = clockedCache(2);
    cache.set('a', 1, 0);
    assert.equal(cache.get('a'), undefined);
  });

  it('refuses a size that is not a positive integer', () => {
    assert.throws(() => new LruCache({ maxEntries: 0 }), /positive integer/);
  });
});
