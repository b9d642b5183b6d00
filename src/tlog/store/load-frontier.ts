/**
 * Start-up state of the sequencer: the latest checkpoint and the right border of the tree
 * read back from the store, checked against each other, so a damaged database is found
 * before anything is appended to it. A log never written gets its first, empty checkpoint.
 */
import { issueCheckpoint, type CheckpointIssuer } from './checkpoint-issuer.js';
import { storeError } from './errors.js';
import { MerkleFrontier } from './frontier.js';
import { subtreeKey, type LogStore, type StoredCheckpoint, type SubtreeHash } from './log-store.js';

export async function loadFrontier(
  store: LogStore,
  issuer: CheckpointIssuer,
): Promise<{ frontier: MerkleFrontier; checkpoint: StoredCheckpoint }> {
  let checkpoint = await store.latestCheckpoint();
  if (checkpoint === undefined) {
    const empty = new MerkleFrontier(0, []);
    checkpoint = issueCheckpoint(issuer, 0, empty.root());
    await store.append({ entries: [], subtrees: [], checkpoint });
    return { frontier: empty, checkpoint };
  }
  const ids = MerkleFrontier.borderOf(checkpoint.size);
  const hashes = await store.subtreeHashes(ids);
  const border: SubtreeHash[] = ids.map((id) => {
    const hash = hashes.get(subtreeKey(id));
    if (hash === undefined) {
      throw storeError(
        'TLOG_STORE_CORRUPT',
        `the log database lacks the subtree hash of 2^${id.level} leaves at ${id.start}`,
      );
    }
    return { ...id, hash };
  });
  const frontier = new MerkleFrontier(checkpoint.size, border);
  if (!Buffer.from(frontier.root()).equals(Buffer.from(checkpoint.rootHash))) {
    throw storeError(
      'TLOG_STORE_CORRUPT',
      `the stored subtree hashes do not give the root of the latest checkpoint (size ${checkpoint.size}); the log database is damaged`,
    );
  }
  return { frontier, checkpoint };
}
