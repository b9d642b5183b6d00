/**
 * Judging a log's checkpoints against each other (RFC 9162 section 2.1.4; C2SP
 * tlog-checkpoint): a monitor keeps the last checkpoint it verified and accepts a new one
 * only with a consistency proof from the old tree to the new. Pure: keys come in as
 * KeyObjects, proofs as bytes.
 */
import type { KeyObject } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import { hexOf, nodeHash, verifyConsistency, verifyInclusion } from '../merkle/index.js';
import { tlogClientError } from './errors.js';

/** A checkpoint whose signature by the log key has been verified. */
export interface ObservedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed note, kept as evidence. */
  readonly note: string;
}

/**
 * Verifies a checkpoint note with the log key. Rekor names the signature after the host
 * part of the origin ("<hostname> - <tree ID>"), which is what the key name is taken from.
 */
export function verifyLogCheckpoint(
  note: string,
  logKey: KeyObject,
  expectedOrigin?: string,
): ObservedCheckpoint {
  const name = note.split('\n', 1)[0]!.split(' - ', 1)[0]!;
  const checkpoint = verifyCheckpoint(note, logKey, name, {
    ...(expectedOrigin === undefined ? {} : { origin: expectedOrigin }),
  });
  return { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, note };
}

export function describeCheckpoint(c: Pick<ObservedCheckpoint, 'origin' | 'size' | 'rootHash'>) {
  return `"${c.origin}" size ${c.size} root ${hexOf(c.rootHash)}`;
}

/**
 * Throws TLOG_CONSISTENCY_FAILED unless `next` extends `previous`: same origin, not
 * smaller, the same root at the same size, and `proof` (from previous.size to next.size)
 * verifying between the two roots. Both checkpoints must already be signature-verified.
 */
export function checkConsistent(
  previous: ObservedCheckpoint,
  next: ObservedCheckpoint,
  proof: readonly Uint8Array[],
): void {
  const split = (problem: string, cause?: unknown) =>
    tlogClientError(
      'TLOG_CONSISTENCY_FAILED',
      `SPLIT VIEW OR REWRITTEN HISTORY: ${problem}. Trusted checkpoint: ${describeCheckpoint(previous)}; new checkpoint: ${describeCheckpoint(next)}. Both are signed by the log key: keep both notes as evidence and stop trusting this log`,
      {
        cause,
        details: { previous: previous.note, next: next.note },
      },
    );
  if (previous.origin !== next.origin)
    throw split(`the log now calls itself "${next.origin}" instead of "${previous.origin}"`);
  if (next.size < previous.size)
    throw split(`the tree shrank from ${previous.size} to ${next.size} entries`);
  if (next.size === previous.size) {
    if (!Buffer.from(next.rootHash).equals(Buffer.from(previous.rootHash)))
      throw split(`two different roots for the same tree size ${next.size}`);
    return;
  }
  // Every tree extends the empty one; RFC 9162 has no proof from size 0.
  if (previous.size === 0) return;
  try {
    verifyConsistency(previous.size, next.size, proof, previous.rootHash, next.rootHash);
  } catch (error) {
    throw split(
      `the log's consistency proof from size ${previous.size} to ${next.size} does not verify (${describeError(error)})`,
      error,
    );
  }
}

/**
 * The root of the first `leafIndex + 1` leaves, read off a verified inclusion proof: the
 * proof's left siblings are exactly the complete subtrees covering [0, leafIndex)
 * (RFC 9162 section 2.1.3.1, PATH recursion), and folding them onto the leaf right to left
 * is MTH of that prefix. The proof is verified against `root` first.
 */
export function prefixRootFromInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Uint8Array {
  verifyInclusion(leafHash, leafIndex, treeSize, proof, root);
  const index = BigInt(leafIndex);
  // RFC 9162 2.1.3.2: the first bitLength(index XOR (size - 1)) hashes are inner nodes.
  const differing = index ^ BigInt(treeSize - 1);
  const inner = differing === 0n ? 0 : differing.toString(2).length;
  let hash = leafHash;
  proof.forEach((sibling, i) => {
    const isLeft = i >= inner || ((index >> BigInt(i)) & 1n) === 1n;
    if (isLeft) hash = nodeHash(sibling, hash);
  });
  return hash;
}
