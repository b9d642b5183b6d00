import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashedRekordProposal, testKey } from '../../testing/tlog-proposals.js';
import { storeTargets, testLogKey } from '../../testing/tlog-stores.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import {
  canonicalizeProposedEntry,
  digestSearchKey,
  publicKeySearchKey,
  type CanonicalEntry,
} from '../entry/index.js';
import { verifyConsistency, verifyInclusion } from '../merkle/index.js';
import { openLogStore } from './open-store.js';
import { Sequencer, type Sequenced } from './sequencer.js';
import { consistencyProofOf } from './store-proofs.js';

const signerKey = testKey('p256');
function entries(count: number, label = 'a'): CanonicalEntry[] {
  return Array.from({ length: count }, (_, i) =>
    canonicalizeProposedEntry(hashedRekordProposal(signerKey, Buffer.from(`${label} ${i}`))),
  );
}

function created(result: Sequenced) {
  assert.equal(result.status, 'created');
  return result;
}

for (const target of storeTargets()) {
  describe(`sequencer on ${target.name}`, () => {
    after(() => target.cleanUp());

    it('writes concurrent proposals as contiguous indices, one checkpoint per batch', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const key = testLogKey({ maxBatchSize: 20, maxBatchDelayMs: 30 });
      const store = await openLogStore(await target.newDatabase());
      const sequencer = await Sequencer.open(store, key.options);
      const results = (await Promise.all(entries(50).map((e) => sequencer.submit(e)))).map(created);
      assert.deepEqual(
        results.map((r) => r.entry.logIndex).sort((a, b) => a - b),
        [...Array(50).keys()],
      );
      assert.deepEqual(
        [...new Set(results.map((r) => r.checkpoint.size))].sort((a, b) => a - b),
        [20, 40, 50],
      );
      for (const r of results) {
        const checkpoint = verifyCheckpoint(r.checkpoint.note, key.publicKey, 'localhost', {
          origin: 'localhost - 42',
        });
        assert.equal(checkpoint.size, r.checkpoint.size);
        const leaf = (await store.entriesByIndex([r.entry.logIndex]))[0]!;
        verifyInclusion(
          Buffer.from(leaf.uuid, 'hex'),
          r.entry.logIndex,
          checkpoint.size,
          r.proof,
          checkpoint.rootHash,
        );
      }
      const first = results.find((r) => r.checkpoint.size === 20)!.checkpoint;
      const last = (await store.latestCheckpoint())!;
      assert.equal(last.size, 50);
      verifyConsistency(
        20,
        50,
        await consistencyProofOf(store, 20, 50),
        first.rootHash,
        last.rootHash,
      );
      await sequencer.close();
      await store.close();
    });

    it('answers duplicates with the existing entry, within a batch and across batches', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const key = testLogKey({ maxBatchDelayMs: 10 });
      const store = await openLogStore(await target.newDatabase());
      const sequencer = await Sequencer.open(store, key.options);
      const [entry] = entries(1, 'dup');
      const [a, b] = await Promise.all([sequencer.submit(entry!), sequencer.submit(entry!)]);
      assert.equal(a.status, 'created');
      assert.equal(b.status, 'duplicate');
      assert.equal(b.entry.logIndex, a.entry.logIndex);
      const later = await sequencer.submit(entry!);
      assert.equal(later.status, 'duplicate');
      assert.equal(later.entry.logIndex, 0);
      assert.equal((await store.latestCheckpoint())!.size, 1);
      await sequencer.close();
      await store.close();
    });

    it('continues the same tree after a restart, consistent with every earlier checkpoint', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const key = testLogKey({ maxBatchSize: 7, maxBatchDelayMs: 5 });
      const url = await target.newDatabase();
      let store = await openLogStore(url);
      let sequencer = await Sequencer.open(store, key.options);
      const before = (await Promise.all(entries(13, 'r1').map((e) => sequencer.submit(e)))).map(
        created,
      );
      await sequencer.close();
      await store.close();
      store = await openLogStore(url);
      sequencer = await Sequencer.open(store, key.options);
      assert.equal(sequencer.latest.size, 13);
      const afterRestart = (
        await Promise.all(entries(5, 'r2').map((e) => sequencer.submit(e)))
      ).map(created);
      assert.deepEqual(
        afterRestart.map((r) => r.entry.logIndex).sort((a, b) => a - b),
        [13, 14, 15, 16, 17],
      );
      const latest = sequencer.latest;
      for (const old of new Map(before.map((r) => [r.checkpoint.size, r.checkpoint])).values()) {
        verifyConsistency(
          old.size,
          latest.size,
          await consistencyProofOf(store, old.size, latest.size),
          old.rootHash,
          latest.rootHash,
        );
      }
      await sequencer.close();
      await store.close();
    });

    it('finds entries by artifact digest and by public key', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const store = await openLogStore(await target.newDatabase());
      const sequencer = await Sequencer.open(store, testLogKey({ maxBatchDelayMs: 5 }).options);
      const other = testKey('p256');
      const mine = canonicalizeProposedEntry(hashedRekordProposal(signerKey, Buffer.from('x')));
      const theirs = canonicalizeProposedEntry(hashedRekordProposal(other, Buffer.from('x')));
      await Promise.all([sequencer.submit(mine), sequencer.submit(theirs)]);
      const digest = digestSearchKey(
        'sha256',
        (
          JSON.parse(Buffer.from(mine.body).toString()) as {
            spec: { data: { hash: { value: string } } };
          }
        ).spec.data.hash.value,
      );
      const pem = (k: typeof other) => k.publicPem;
      const keyOf = publicKeySearchKey(pem(signerKey));
      assert.deepEqual(
        (await store.search([digest], 'or', 10)).sort(),
        [mine.uuid, theirs.uuid].sort(),
      );
      assert.deepEqual(await store.search([digest, keyOf], 'and', 10), [mine.uuid]);
      assert.deepEqual(await store.search(['hash:sha256:' + '0'.repeat(64)], 'or', 10), []);
      await sequencer.close();
      await store.close();
    });

    it('refuses a second writer that would fork the log', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const key = testLogKey({ maxBatchDelayMs: 1 });
      const url = await target.newDatabase();
      const storeA = await openLogStore(url);
      const storeB = await openLogStore(url);
      const a = await Sequencer.open(storeA, key.options);
      const b = await Sequencer.open(storeB, key.options);
      const [e1, e2] = entries(2, 'fork');
      await a.submit(e1!);
      await assert.rejects(b.submit(e2!), { code: 'TLOG_STORE_CONFLICT' });
      await Promise.all([a.close(), b.close()]);
      await Promise.all([storeA.close(), storeB.close()]);
    });

    it('fails fast when too many entries are waiting', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const store = await openLogStore(await target.newDatabase());
      const sequencer = await Sequencer.open(
        store,
        testLogKey({ maxPending: 2, maxBatchDelayMs: 50 }).options,
      );
      const [e1, e2, e3] = entries(3, 'busy');
      const first = [sequencer.submit(e1!), sequencer.submit(e2!)];
      await assert.rejects(sequencer.submit(e3!), { code: 'TLOG_STORE_BUSY' });
      await Promise.all(first);
      await sequencer.close();
      await assert.rejects(sequencer.submit(e3!), { code: 'TLOG_STORE_CLOSED' });
      await store.close();
    });
  });
}
