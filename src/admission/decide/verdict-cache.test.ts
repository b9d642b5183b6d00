import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../policy/index.js';
import { VerdictCache, type VerdictKey } from './verdict-cache.js';

const key: VerdictKey = {
  revision: 'sha256:r1',
  policies: ['p'],
  repository: 'reg/app',
  digest: 'sha256:d1',
};
const verdict = (allowed: boolean): Verdict => ({
  allowed,
  image: 'reg/app@sha256:d1',
  digest: 'sha256:d1',
  matchedPolicies: ['p'],
  warnings: [],
  denials: [],
});

function clocked() {
  let now = 0;
  const cache = new VerdictCache({
    ttlMs: 60_000,
    negativeTtlMs: 5_000,
    maxEntries: 100,
    now: () => now,
  });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('VerdictCache', () => {
  it('answers a repeated question from the cache until the TTL passes', async () => {
    const { cache, advance } = clocked();
    let runs = 0;
    const verify = () => Promise.resolve((runs++, verdict(true)));
    assert.equal((await cache.verdict(key, verify)).source, 'verified');
    assert.equal((await cache.verdict(key, verify)).source, 'cache');
    advance(60_000);
    assert.equal((await cache.verdict(key, verify)).source, 'verified');
    assert.equal(runs, 2);
  });

  it('keeps denials only briefly', async () => {
    const { cache, advance } = clocked();
    const verify = () => Promise.resolve(verdict(false));
    await cache.verdict(key, verify);
    advance(4_999);
    assert.equal((await cache.verdict(key, verify)).source, 'cache');
    advance(1);
    assert.equal((await cache.verdict(key, verify)).source, 'verified');
  });

  const different: Array<[string, Partial<VerdictKey>]> = [
    ['another policy revision', { revision: 'sha256:r2' }],
    ['another set of applying policies', { policies: ['p', 'q'] }],
    ['the same digest in another repository', { repository: 'other/app' }],
    ['another digest', { digest: 'sha256:d2' }],
  ];
  for (const [name, change] of different) {
    it(`does not answer for ${name}`, async () => {
      const { cache } = clocked();
      await cache.verdict(key, () => Promise.resolve(verdict(true)));
      assert.equal(
        (await cache.verdict({ ...key, ...change }, () => Promise.resolve(verdict(true)))).source,
        'verified',
      );
    });
  }

  it('coalesces concurrent verifications of one key', async () => {
    const { cache } = clocked();
    let runs = 0;
    const verify = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 10));
      return verdict(true);
    };
    const sources = await Promise.all(Array.from({ length: 10 }, () => cache.verdict(key, verify)));
    assert.equal(runs, 1);
    assert.equal(sources.filter((s) => s.source === 'verified').length, 1);
    assert.equal(sources.filter((s) => s.source === 'joined').length, 9);
  });
});
