/**
 * The check both stores make inside the append transaction, after locking: the batch must
 * continue the log exactly where the last committed checkpoint left it. A mismatch means
 * a second writer, which would fork the log, so the batch is refused.
 */
import type { AppendBatch } from './log-store.js';
import { storeError } from './errors.js';

/** `latestSize` is undefined for a log with no checkpoint yet. */
export function checkBatchContinuesLog(latestSize: number | undefined, batch: AppendBatch): void {
  const start = latestSize ?? 0;
  const expectedSize = start + batch.entries.length;
  const contiguous = batch.entries.every((entry, i) => entry.logIndex === start + i);
  const repeatsCheckpoint = batch.entries.length === 0 && latestSize !== undefined;
  if (!contiguous || batch.checkpoint.size !== expectedSize || repeatsCheckpoint) {
    throw storeError(
      'TLOG_STORE_CONFLICT',
      `the log database is at size ${start} but a batch for indices ${batch.entries[0]?.logIndex ?? batch.checkpoint.size}… was about to be written; is a second log server writing to the same database?`,
    );
  }
}
