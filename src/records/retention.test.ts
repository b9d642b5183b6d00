import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { databaseBackends } from '../testing/database-backends.js';
import { openDecisionStore } from './open.js';
import type { DecisionInput } from './types.js';

function denied(time: Date, image: string): DecisionInput {
  return {
    time,
    source: 'gatekeeper',
    outcome: 'denied',
    warnings: [],
    images: [{ image, allowed: false, reasons: ['no signatures found'] }],
  };
}

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

for (const backend of databaseBackends()) {
  describe(`retention on ${backend.name}`, { skip: backend.skipReason }, () => {
    it('deletes decisions older than the age limit with their images and violations', async () => {
      const { url, cleanup } = await backend.start();
      const store = await openDecisionStore(url, { maxDelayMs: 1 });
      try {
        await store.record(denied(daysAgo(40), 'old.example/a:1'));
        // Recorded later but stamped earlier by its sender: age is judged by time.
        await store.record(denied(daysAgo(1), 'new.example/b:1'));
        await store.record(denied(daysAgo(50), 'old.example/c:1'));
        assert.equal(await store.prune({ maxAgeMs: 30 * 86_400_000 }, NOW), 2);
        const left = await store.violations();
        assert.deepEqual(
          left.map((v) => v.image),
          ['new.example/b:1'],
        );
        assert.deepEqual(
          (await store.images()).map((i) => i.image),
          ['new.example/b:1'],
        );
      } finally {
        await store.close();
        await cleanup();
      }
    });

    it('keeps only the newest decisions beyond the count limit', async () => {
      const { url, cleanup } = await backend.start();
      const store = await openDecisionStore(url, { maxDelayMs: 1 });
      try {
        for (let i = 0; i < 5; i++) await store.record(denied(daysAgo(1), `x.example/i:${i}`));
        assert.equal(await store.prune({ maxDecisions: 2 }, NOW), 3);
        assert.deepEqual(
          (await store.query()).map((d) => d.images[0]?.image),
          ['x.example/i:4', 'x.example/i:3'],
        );
        assert.equal(await store.prune({ maxDecisions: 2 }, NOW), 0);
        await assert.rejects(
          store.prune({ maxDecisions: -1 }),
          (e) => isSignetError(e) && e.code === 'RECORDS_QUERY_INVALID',
        );
      } finally {
        await store.close();
        await cleanup();
      }
    });
  });
}
