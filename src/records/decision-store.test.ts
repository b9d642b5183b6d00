import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../core/errors.js';
import { openDecisionStore } from './open.js';
import type { DecisionInput, DecisionStore } from './types.js';
import { databaseBackends } from '../testing/database-backends.js';

function decision(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    time: new Date('2026-11-01T10:00:00Z'),
    source: 'admission',
    outcome: 'allowed',
    namespace: 'apps',
    kind: 'Deployment',
    name: 'web',
    operation: 'CREATE',
    policyRevision: 'rev-1',
    durationMs: 12.5,
    warnings: [],
    images: [
      {
        image: 'registry.example/app:1',
        digest: 'sha256:' + 'a'.repeat(64),
        allowed: true,
        reasons: [],
      },
    ],
    ...overrides,
  };
}

for (const backend of databaseBackends()) {
  describe(`decision store on ${backend.name}`, { skip: backend.skipReason }, () => {
    let store: DecisionStore;
    let url: string;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ url, cleanup } = await backend.start());
      store = await openDecisionStore(url, { maxDelayMs: 5 });
    });

    after(async () => {
      await store.close();
      await cleanup();
    });

    it('returns what was recorded, newest first, with every field', async () => {
      const denied = decision({
        outcome: 'denied',
        time: new Date('2026-11-01T10:00:01Z'),
        images: [
          { image: 'registry.example/app:1', allowed: true, reasons: [] },
          { image: 'evil.example/miner:latest', allowed: false, reasons: ['no signatures found'] },
        ],
        warnings: ['policy "audit" would deny'],
      });
      const first = await store.record(decision());
      const second = await store.record(denied);
      assert.ok(second > first);
      const [latest, earlier] = await store.query({ limit: 2 });
      assert.equal(latest!.id, second);
      assert.deepEqual({ ...latest, id: undefined }, { ...denied, id: undefined });
      assert.deepEqual({ ...earlier, id: undefined }, { ...decision(), id: undefined });
    });

    it('keeps the evidence summary an image was decided on, and none when none was stated', async () => {
      const evidence = {
        signatures: [{ signer: 'release-key', layout: 'cosign-tag', logIndex: 42 }],
        attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer: 'ci' }],
        sbom: { present: true, format: 'spdx' },
        vulnerabilities: { critical: 0, high: 2, medium: 1, low: 0, fixable: 2 },
      };
      const id = await store.record(
        decision({
          source: 'check',
          images: [
            { image: 'registry.example/evidence:1', allowed: false, reasons: ['x'], evidence },
            { image: 'registry.example/plain:1', allowed: true, reasons: [] },
          ],
        }),
      );
      const stored = await store.decision(id);
      assert.deepEqual(stored!.images[0]!.evidence, evidence);
      assert.equal('evidence' in stored!.images[1]!, false);
    });

    it('commits concurrent records in batches without losing any', async () => {
      const before = await store.counts();
      const ids = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          store.record(decision({ name: `job-${i}`, outcome: 'warned' })),
        ),
      );
      assert.equal(new Set(ids).size, 300);
      const after = await store.counts();
      assert.equal(after.warned - before.warned, 300);
    });

    it('filters by outcome, namespace, image or digest, time, and pages by id', async () => {
      const digest = 'sha256:' + 'b'.repeat(64);
      await store.record(
        decision({
          namespace: 'payments',
          outcome: 'denied',
          images: [{ image: 'pay.example/api:2', digest, allowed: false, reasons: ['wrong key'] }],
          time: new Date('2026-11-05T00:00:00Z'),
        }),
      );
      const byImage = await store.query({ image: 'pay.example/api:2' });
      assert.equal(byImage.length, 1);
      assert.deepEqual(await store.query({ image: digest }), byImage);
      assert.deepEqual(await store.query({ namespace: 'payments', outcome: 'denied' }), byImage);
      assert.deepEqual(await store.query({ since: new Date('2026-11-04T00:00:00Z') }), byImage);
      const page = await store.query({ limit: 5 });
      const next = await store.query({ limit: 5, beforeId: page.at(-1)!.id });
      assert.ok(next.every((d) => d.id < page.at(-1)!.id));
      assert.equal(next.length, 5);
    });

    it('rejects a page size outside 1 to 1000', async () => {
      for (const limit of [0, 1001, 2.5]) {
        await assert.rejects(
          store.query({ limit }),
          (e) => isSignetError(e) && e.code === 'RECORDS_QUERY_INVALID',
        );
      }
    });
  });
}

describe('opening a decision store', () => {
  it('keeps decisions in a SQLite file across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-records-'));
    try {
      const url = `sqlite:${join(dir, 'nested', 'records.db')}`;
      const first = await openDecisionStore(url);
      await first.record(decision({ name: 'persisted' }));
      await first.close();
      const second = await openDecisionStore(url);
      const [found] = await second.query();
      assert.equal(found?.name, 'persisted');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the problem when the URL is neither sqlite nor postgres, hiding passwords', async () => {
    await assert.rejects(openDecisionStore('mysql://root:hunter2@db/records'), (e) => {
      assert.ok(isSignetError(e));
      assert.equal(e.code, 'RECORDS_DATABASE_URL_INVALID');
      assert.ok(!e.message.includes('hunter2'), e.message);
      return true;
    });
  });

  it('refuses records after close', async () => {
    const store = await openDecisionStore('sqlite::memory:');
    await store.close();
    await assert.rejects(
      store.record(decision()),
      (e) => isSignetError(e) && e.code === 'RECORDS_CLOSED',
    );
  });
});
