/**
 * `signet tlog consistency`: fetch a consistency proof between two tree sizes and verify
 * it against roots the log has signed. The latest checkpoint is verified with the log
 * key; the root at an older size is either given (a checkpoint saved earlier, the useful
 * case: it proves the log did not rewrite what was seen then) or read off the verified
 * inclusion proof of the last entry of that size (prefixRootFromInclusion).
 */
import type { KeyObject } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { verifyLogEntry } from '../entry/index.js';
import { hexOf, leafHash, verifyConsistency } from '../merkle/index.js';
import { tlogClientError } from './errors.js';
import {
  describeCheckpoint,
  prefixRootFromInclusion,
  verifyLogCheckpoint,
  type ObservedCheckpoint,
} from './consistency.js';
import type { RekorClient } from './rekor-client.js';

export interface ProvenConsistency {
  readonly latest: ObservedCheckpoint;
  readonly firstSize: number;
  readonly lastSize: number;
  readonly firstRoot: Uint8Array;
  readonly lastRoot: Uint8Array;
  /** Where the first root came from. */
  readonly firstRootSource: 'checkpoint' | 'inclusion-proof';
  readonly hashes: readonly Uint8Array[];
}

export interface ProveOptions {
  readonly firstSize: number;
  readonly lastSize?: number;
  /** A checkpoint verified earlier, at `firstSize`. */
  readonly firstCheckpoint?: ObservedCheckpoint;
  readonly now: Date;
}

export async function proveConsistency(
  client: RekorClient,
  logKey: KeyObject,
  options: ProveOptions,
): Promise<ProvenConsistency> {
  const latest = verifyLogCheckpoint((await client.logInfo()).signedTreeHead, logKey);
  const { firstSize } = options;
  const lastSize = options.lastSize ?? latest.size;
  if (!(firstSize >= 1 && firstSize <= lastSize && lastSize <= latest.size))
    throw tlogClientError(
      'TLOG_CLIENT_REQUEST_REJECTED',
      `need 1 <= first size (${firstSize}) <= last size (${lastSize}) <= the log's size (${latest.size})`,
    );
  const rootAt = async (size: number) =>
    size === latest.size ? latest.rootHash : rootFromEntry(client, logKey, size, options.now);
  const given = options.firstCheckpoint;
  if (given !== undefined && (given.size !== firstSize || given.origin !== latest.origin))
    throw tlogClientError(
      'TLOG_CLIENT_REQUEST_REJECTED',
      `the first checkpoint is ${describeCheckpoint(given)}, not of size ${firstSize} of "${latest.origin}"`,
    );
  const firstRoot = given?.rootHash ?? (await rootAt(firstSize));
  const lastRoot = await rootAt(lastSize);
  const proof = await client.consistencyProof(firstSize, lastSize);
  const hashes = proof.hashes.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
  try {
    verifyConsistency(firstSize, lastSize, hashes, firstRoot, lastRoot);
  } catch (error) {
    throw tlogClientError(
      'TLOG_CONSISTENCY_FAILED',
      `SPLIT VIEW OR REWRITTEN HISTORY: the consistency proof from size ${firstSize} (root ${hexOf(firstRoot)}) to ${lastSize} (root ${hexOf(lastRoot)}) of "${latest.origin}" does not verify: ${describeError(error)}`,
      { cause: error },
    );
  }
  return {
    latest,
    firstSize,
    lastSize,
    firstRoot,
    lastRoot,
    firstRootSource: given === undefined ? 'inclusion-proof' : 'checkpoint',
    hashes,
  };
}

/** Root of the first `size` leaves, from the verified entry at `size - 1`. */
async function rootFromEntry(
  client: RekorClient,
  logKey: KeyObject,
  size: number,
  now: Date,
): Promise<Uint8Array> {
  const { entryId, entry } = await client.getEntryByIndex(size - 1);
  const verified = verifyLogEntry(entry, logKey, { now, entryId });
  if (verified.logIndex !== size - 1)
    throw tlogClientError(
      'TLOG_CLIENT_PROTOCOL',
      `asked for entry ${size - 1}, the log returned entry ${verified.logIndex}`,
    );
  const proof = entry.verification!.inclusionProof!;
  return prefixRootFromInclusion(
    leafHash(verified.body),
    size - 1,
    verified.checkpoint.size,
    proof.hashes.map((h) => new Uint8Array(Buffer.from(h, 'hex'))),
    verified.checkpoint.rootHash,
  );
}
