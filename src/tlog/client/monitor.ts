/**
 * One round of a log monitor (the checks `rekor-cli loginfo` makes against its stored
 * state): fetch the latest checkpoint, verify its signature, and prove it consistent with
 * the last one trusted. The caller keeps the state; it must keep the old one when this
 * throws, so that the evidence of a split view is not overwritten.
 */
import type { KeyObject } from 'node:crypto';
import { checkConsistent, verifyLogCheckpoint, type ObservedCheckpoint } from './consistency.js';
import type { RekorClient } from './rekor-client.js';

export interface MonitorRound {
  readonly previous?: ObservedCheckpoint;
  readonly next: ObservedCheckpoint;
  /** Hashes of the consistency proof checked (empty when none was needed). */
  readonly proofLength: number;
}

export async function monitorRound(
  client: RekorClient,
  logKey: KeyObject,
  previous: ObservedCheckpoint | undefined,
): Promise<MonitorRound> {
  const info = await client.logInfo();
  const next = verifyLogCheckpoint(info.signedTreeHead, logKey);
  if (previous === undefined) return { next, proofLength: 0 };
  let proof: Uint8Array[] = [];
  if (previous.size > 0 && next.size > previous.size && previous.origin === next.origin) {
    const answer = await client.consistencyProof(previous.size, next.size);
    proof = answer.hashes.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
  }
  checkConsistent(previous, next, proof);
  return { previous, next, proofLength: proof.length };
}
