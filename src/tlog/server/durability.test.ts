// Crash durability: `signet serve tlog` runs as a child process under sustained concurrent
// appends, is SIGKILLed mid-stream and restarted on the same data. Every acknowledged entry
// must be present at its index, and the new tree must be consistent with every checkpoint
// a client saw before the crash. Runs on SQLite and on PostgreSQL.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTlogChild } from '../../testing/tlog-server-child.js';
import { dsseProposal, inTotoStatement, testKey } from '../../testing/tlog-proposals.js';
import { storeTargets } from '../../testing/tlog-stores.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import { verifyLogEntry, type LogEntryResponse } from '../entry/index.js';
import { verifyConsistency } from '../merkle/index.js';

const WORKERS = 16;
const ACKS_BEFORE_CRASH = 400;
const signer = testKey('p256');

interface Acknowledged {
  readonly entryId: string;
  readonly logIndex: number;
  readonly checkpoint: string;
}

/** Posts distinct entries from WORKERS concurrent loops until `stop()` is called. */
function drive(url: string, onAck: (ack: Acknowledged) => void) {
  let stopped = false;
  let counter = 0;
  const worker = async () => {
    while (!stopped) {
      const proposal = dsseProposal([signer], inTotoStatement(String(counter++).padStart(64, '0')));
      try {
        const response = await fetch(`${url}/api/v1/log/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(proposal),
        });
        if (response.status !== 201) continue;
        const [entryId, entry] = Object.entries((await response.json()) as LogEntryResponse)[0]!;
        onAck({
          entryId,
          logIndex: entry.logIndex,
          checkpoint: entry.verification!.inclusionProof!.checkpoint,
        });
      } catch {
        return; // the server died: whatever was in flight is unacknowledged
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, worker));
  return { stop: () => ((stopped = true), done) };
}

for (const target of storeTargets()) {
  describe(`crash durability on ${target.name}`, () => {
    after(() => target.cleanUp());

    it('keeps every acknowledged entry and stays consistent with earlier checkpoints after SIGKILL', async (t) => {
      if (target.skipReason()) return t.skip(target.skipReason());
      const dataDir = await mkdtemp(join(tmpdir(), 'signet-tlog-crash-'));
      const args = [
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        dataDir,
        '--database',
        await target.newDatabase(),
        '--batch-delay',
        '5',
      ];
      try {
        let server = await startTlogChild(args);
        const acknowledged: Acknowledged[] = [];
        const started = Date.now();
        let crashed: Promise<void> | undefined;
        const load = drive(server.url, (ack) => {
          acknowledged.push(ack);
          if (acknowledged.length === ACKS_BEFORE_CRASH) crashed = server.kill('SIGKILL');
        });
        while (crashed === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        await crashed;
        const seconds = (Date.now() - started) / 1000;
        await load.stop();
        t.diagnostic(
          `${acknowledged.length} entries acknowledged in ${seconds.toFixed(2)} s before SIGKILL (${(acknowledged.length / seconds).toFixed(0)}/s, ${WORKERS} concurrent clients)`,
        );

        server = await startTlogChild(args);
        const key: KeyObject = createPublicKey(
          await (await fetch(`${server.url}/api/v1/log/publicKey`)).text(),
        );
        for (const ack of acknowledged) {
          const response = await fetch(`${server.url}/api/v1/log/entries/${ack.entryId}`);
          assert.equal(
            response.status,
            200,
            `acknowledged entry ${ack.entryId} is missing after the crash`,
          );
          const entry = ((await response.json()) as LogEntryResponse)[ack.entryId]!;
          assert.equal(entry.logIndex, ack.logIndex);
          verifyLogEntry(entry, key, { now: new Date(), entryId: ack.entryId });
        }
        const info = (await (await fetch(`${server.url}/api/v1/log`)).json()) as {
          treeSize: number;
          rootHash: string;
          signedTreeHead: string;
        };
        const current = verifyCheckpoint(info.signedTreeHead, key, '127.0.0.1');
        assert.ok(current.size >= Math.max(...acknowledged.map((a) => a.logIndex)) + 1);
        const seen = new Map(acknowledged.map((a) => [a.checkpoint, a]));
        for (const note of seen.keys()) {
          const old = verifyCheckpoint(note, key, '127.0.0.1');
          const proof = (await (
            await fetch(
              `${server.url}/api/v1/log/proof?firstSize=${old.size}&lastSize=${current.size}`,
            )
          ).json()) as { hashes: string[] };
          verifyConsistency(
            old.size,
            current.size,
            proof.hashes.map((h) => Buffer.from(h, 'hex')),
            old.rootHash,
            current.rootHash,
          );
        }
        const next = await fetch(`${server.url}/api/v1/log/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(dsseProposal([signer], inTotoStatement('f'.repeat(64)))),
        });
        assert.equal(next.status, 201);
        assert.equal(
          Object.values((await next.json()) as LogEntryResponse)[0]!.logIndex,
          current.size,
        );
        await server.kill('SIGTERM');
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
