import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { databaseBackends } from '../testing/database-backends.js';
import { openDecisionStore } from './open.js';
import type { DecisionInput, DecisionStore } from './types.js';

const DIGEST = 'sha256:' + 'b'.repeat(64);

function denial(minute: number, image: string, policy: string): DecisionInput {
  return {
    time: new Date(Date.UTC(2026, 10, 1, 10, minute)),
    source: 'admission',
    outcome: 'denied',
    cluster: 'prod-eu',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    warnings: [],
    images: [
      {
        image,
        digest: DIGEST,
        allowed: false,
        reasons: [`image ${image} is not allowed by policy "${policy}": no trusted signature`],
      },
    ],
  };
}

const checkReport: DecisionInput = {
  time: new Date(Date.UTC(2026, 10, 1, 11, 0)),
  source: 'check',
  outcome: 'denied',
  pipeline: 'release',
  run: '42',
  warnings: [],
  images: [{ image: 'registry.example/api:2', allowed: false, reasons: ['unsigned'] }],
  violations: [
    {
      image: 'registry.example/api:2',
      policy: 'Trusted signature',
      severity: 'critical',
      action: 'failed-build',
      enforced: true,
      messages: ['image has no signature trusted by ci-key'],
      description: 'Images must be signed',
      rationale: 'Unsigned images may not come from our builds',
      remediation: 'Sign the image in the release pipeline',
      categories: ['Supply Chain Security'],
    },
  ],
};

for (const backend of databaseBackends()) {
  describe(`violation queries on ${backend.name}`, { skip: backend.skipReason }, () => {
    let store: DecisionStore;
    let cleanup: () => Promise<void>;

    before(async () => {
      const started = await backend.start();
      cleanup = started.cleanup;
      store = await openDecisionStore(started.url, { maxDelayMs: 1 });
      for (let minute = 0; minute < 30; minute++) {
        const policy = minute % 3 === 0 ? 'signed-by-ci' : 'no-latest';
        await store.record(denial(minute, `registry.example/app:${minute}`, policy));
      }
      await store.record(checkReport);
    });

    after(async () => {
      await store.close();
      await cleanup();
    });

    it('derives one violation per reason with the policy read from the message', async () => {
      const [latest] = await store.violations({ source: 'admission', limit: 1 });
      assert.equal(latest?.policy, 'no-latest');
      assert.equal(latest?.action, 'denied');
      assert.equal(latest?.workload, 'Deployment/web');
      assert.equal(latest?.cluster, 'prod-eu');
      assert.equal(latest?.digest, DIGEST);
      assert.equal(latest?.severity, undefined);
    });

    it('keeps what a check report states about its violations', async () => {
      const [found] = await store.violations({ pipeline: 'release' });
      assert.equal(found?.policy, 'Trusted signature');
      assert.equal(found?.severity, 'critical');
      assert.equal(found?.action, 'failed-build');
      assert.equal(found?.remediation, 'Sign the image in the release pipeline');
      assert.deepEqual(found?.categories, ['Supply Chain Security']);
      assert.equal(found?.run, '42');
      assert.deepEqual(await store.violation(found.id), found);
      const decision = await store.decision(found.decisionId);
      assert.equal(decision?.pipeline, 'release');
    });

    it('pages newest first without gaps or repeats', async () => {
      const seen: number[] = [];
      let beforeId: number | undefined;
      for (;;) {
        const page = await store.violations({ limit: 7, ...(beforeId ? { beforeId } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((v) => v.id));
        beforeId = page.at(-1)!.id;
      }
      assert.equal(seen.length, 31);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => b - a),
      );
    });

    it('filters by policy, severity, time and a search taken literally', async () => {
      assert.equal((await store.violations({ policy: 'signed-by-ci', limit: 100 })).length, 10);
      assert.equal((await store.violations({ severity: 'critical' })).length, 1);
      const window = await store.violations({
        since: new Date(Date.UTC(2026, 10, 1, 10, 10)),
        until: new Date(Date.UTC(2026, 10, 1, 10, 20)),
        limit: 100,
      });
      assert.equal(window.length, 10);
      assert.equal((await store.violations({ search: 'APP:2', limit: 100 })).length, 11);
      assert.equal((await store.violations({ search: '100%' })).length, 0);
      assert.equal((await store.violations({ image: DIGEST, limit: 100 })).length, 30);
    });

    it('summarises images and counts violations per policy over time', async () => {
      const images = await store.images({ search: 'api' });
      assert.equal(images.length, 1);
      assert.equal(images[0]?.denied, 1);
      assert.equal(images[0]?.violations, 1);
      const activity = await store.policyActivity(
        new Date(Date.UTC(2026, 10, 1, 10, 0)),
        600_000,
        new Date(Date.UTC(2026, 10, 1, 11, 5)),
      );
      assert.equal(activity.buckets.length, 7);
      const signed = activity.policies.find((p) => p.policy === 'signed-by-ci');
      assert.deepEqual(signed?.series, [4, 3, 3, 0, 0, 0, 0]);
      assert.equal(activity.policies[0]?.policy, 'no-latest');
    });

    it('refuses an out-of-range page size or chart', async () => {
      await assert.rejects(
        store.violations({ limit: 0 }),
        (e) => isSignetError(e) && e.code === 'RECORDS_QUERY_INVALID',
      );
      await assert.rejects(
        store.policyActivity(new Date(0), 1000, new Date(10_000_000)),
        (e) => isSignetError(e) && e.code === 'RECORDS_QUERY_INVALID',
      );
    });
  });
}
