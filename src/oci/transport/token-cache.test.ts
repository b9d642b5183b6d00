import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_EXPIRY_MARGIN_MS, TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('keeps a token until its expiry minus the margin', () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    cache.set('k', 'tok', 120);
    now = 120_000 - TOKEN_EXPIRY_MARGIN_MS - 1;
    assert.equal(cache.get('k'), 'tok');
    now += 1;
    assert.equal(cache.get('k'), undefined);
    assert.equal(cache.size, 0);
  });

  it('assumes 60 seconds when expires_in is missing or nonsense', () => {
    for (const lifetime of [undefined, 0, -5, Number.NaN]) {
      let now = 0;
      const cache = new TokenCache(() => now);
      cache.set('k', 'tok', lifetime);
      now = 60_000 - TOKEN_EXPIRY_MARGIN_MS - 1;
      assert.equal(cache.get('k'), 'tok', String(lifetime));
      now += 1;
      assert.equal(cache.get('k'), undefined, String(lifetime));
    }
  });

  it('does not cache a token that would expire within the margin', () => {
    const cache = new TokenCache(() => 0);
    cache.set('k', 'tok', 5);
    assert.equal(cache.get('k'), undefined);
  });

  it('forgets a deleted token and stays bounded', () => {
    const cache = new TokenCache(() => 0);
    cache.set('k', 'tok', 300);
    cache.delete('k');
    assert.equal(cache.get('k'), undefined);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, 't', 300);
    assert.ok(cache.size <= 256);
    assert.equal(cache.get('k999'), 't');
    assert.equal(cache.get('k0'), undefined);
  });
});
