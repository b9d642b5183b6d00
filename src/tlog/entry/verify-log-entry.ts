/**
 * Client-side verification of a log entry returned by a Rekor v1 compatible log: the
 * same checks as sigstore-js (packages/verify/src/tlog) and rekor pkg/verify
 * VerifyLogEntry. Everything in `entry` is attacker-controlled until verified:
 *
 * 1. the log ID is that of the trusted key;
 * 2. the SET is the trusted key's signature over {body, integratedTime, logID, logIndex};
 * 3. the integrated time is not in the future (beyond clock skew);
 * 4. the checkpoint is signed by the trusted key, and the inclusion proof of the leaf
 *    (RFC 6962 leaf hash of the body) leads to the checkpoint's root at its size.
 */
import type { KeyObject } from 'node:crypto';
import { decodeBase64 } from '../../core/base64.js';
import { describeError, isSignetError } from '../../core/errors.js';
import { verifyCheckpoint, type Checkpoint } from '../checkpoint/index.js';
import { leafHash, verifyInclusion } from '../merkle/index.js';
import { entryError } from './errors.js';
import { entryUuid, logIdOf, parseEntryReference } from './identifiers.js';
import type { InclusionProofJson, LogEntryJson } from './log-entry.js';
import { verifyEntryTimestamp } from './signed-entry-timestamp.js';

/**
 * Clocks of clients and log differ; sigstore-go tolerates a few minutes for the same
 * check. Larger skews mean the timestamp cannot be trusted to order events.
 */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

export interface VerifyLogEntryOptions {
  readonly now: Date;
  /** Key name of the checkpoint signature; default: the host part of its origin line. */
  readonly checkpointName?: string;
  readonly maxClockSkewSeconds?: number;
  /** The UUID or entry ID the entry was returned under; checked against the body. */
  readonly entryId?: string;
  /**
   * The log may be sharded, as the public Rekor is: an inclusion proof's logIndex then
   * counts within the shard's tree (the one its checkpoint signs) while the entry's (and
   * the SET's) logIndex counts across every shard, so the two differ for every entry
   * past the first shard (rekor pkg/sharding; sigstore-go and sigstore-js check the proof
   * at its own index). With this set the proof is checked at its own index, which can
   * never exceed the global one. Signet's own log is one tree: left unset, they must match.
   */
  readonly shardedLog?: boolean;
}

export interface VerifiedLogEntry {
  readonly body: Uint8Array;
  readonly logIndex: number;
  readonly integratedTime: number;
  readonly checkpoint: Checkpoint;
}

export function verifyLogEntry(
  entry: LogEntryJson,
  logPublicKey: KeyObject,
  options: VerifyLogEntryOptions,
): VerifiedLogEntry {
  const invalid = (problem: string, cause?: unknown) =>
    entryError('TLOG_LOG_ENTRY_INVALID', `log entry ${describeIndex(entry)}: ${problem}`, {
      cause,
    });
  if (
    !isCount(entry.logIndex) ||
    !isCount(entry.integratedTime) ||
    typeof entry.body !== 'string'
  ) {
    throw invalid('logIndex, integratedTime and body must be present and well-typed');
  }
  const body = decode(entry.body, 'body', invalid);
  const leaf = leafHash(body);
  if (
    options.entryId !== undefined &&
    parseEntryReference(options.entryId).uuid !== entryUuid(leaf)
  ) {
    throw invalid(`the body does not hash to the UUID of entry ${options.entryId}`);
  }
  if (entry.logID !== logIdOf(logPublicKey)) {
    throw invalid(`it was issued by log ${String(entry.logID)}, not by the trusted log key`);
  }
  const set = entry.verification?.signedEntryTimestamp;
  if (typeof set !== 'string') {
    throw entryError(
      'TLOG_SET_INVALID',
      `log entry ${entry.logIndex} carries no signed entry timestamp`,
    );
  }
  const fields = {
    body: entry.body,
    integratedTime: entry.integratedTime,
    logID: entry.logID,
    logIndex: entry.logIndex,
  };
  if (!verifyEntryTimestamp(logPublicKey, fields, decode(set, 'signedEntryTimestamp', invalid))) {
    throw entryError(
      'TLOG_SET_INVALID',
      `the signed entry timestamp of log entry ${entry.logIndex} is not the log key's signature over its body, time and index`,
    );
  }
  const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  const now = Math.floor(options.now.getTime() / 1000);
  if (entry.integratedTime > now + skew) {
    throw entryError(
      'TLOG_ENTRY_TIME_INVALID',
      `log entry ${entry.logIndex} claims integration at ${entry.integratedTime}, ${entry.integratedTime - now} s in the future`,
    );
  }
  const proof = entry.verification?.inclusionProof;
  if (proof === undefined) throw invalid('it carries no inclusion proof');
  const checkpoint = verifyProof(proof, entry.logIndex, leaf, logPublicKey, options, invalid);
  return { body, logIndex: entry.logIndex, integratedTime: entry.integratedTime, checkpoint };
}

function verifyProof(
  proof: InclusionProofJson,
  logIndex: number,
  leaf: Uint8Array,
  key: KeyObject,
  options: VerifyLogEntryOptions,
  invalid: (problem: string, cause?: unknown) => Error,
): Checkpoint {
  const sharded = options.shardedLog === true;
  if (
    !isCount(proof.logIndex) ||
    (sharded ? proof.logIndex > logIndex : proof.logIndex !== logIndex)
  ) {
    throw invalid(
      sharded
        ? `the inclusion proof's index ${String(proof.logIndex)} is not a shard-local index of entry ${logIndex}`
        : `the inclusion proof is for index ${proof.logIndex}`,
    );
  }
  if (typeof proof.checkpoint !== 'string' || !Array.isArray(proof.hashes)) {
    throw invalid('the inclusion proof has no checkpoint or hash list');
  }
  const name = options.checkpointName ?? proof.checkpoint.split('\n', 1)[0]!.split(' - ', 1)[0]!;
  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(proof.checkpoint, key, name);
  } catch (error) {
    throw invalid(`its checkpoint does not verify: ${describeError(error)}`, error);
  }
  if (checkpoint.size !== proof.treeSize) {
    throw invalid(
      `the proof is for tree size ${proof.treeSize} but the checkpoint is for ${checkpoint.size}`,
    );
  }
  if (proof.rootHash !== Buffer.from(checkpoint.rootHash).toString('hex')) {
    throw invalid('the proof root hash differs from the checkpoint root hash');
  }
  const hashes = proof.hashes.map((h) =>
    typeof h === 'string' && /^[0-9a-f]{64}$/.test(h) ? Buffer.from(h, 'hex') : undefined,
  );
  if (hashes.some((h) => h === undefined))
    throw invalid('an inclusion proof hash is not 64 hex characters');
  try {
    verifyInclusion(leaf, proof.logIndex, checkpoint.size, hashes as Buffer[], checkpoint.rootHash);
  } catch (error) {
    if (!isSignetError(error)) throw error;
    throw invalid(`its inclusion proof does not verify: ${error.message}`, error);
  }
  return checkpoint;
}

function decode(
  text: string,
  what: string,
  invalid: (problem: string, cause?: unknown) => Error,
): Uint8Array {
  try {
    return decodeBase64(text, what);
  } catch (error) {
    throw invalid(`${what} is not valid base64`, error);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describeIndex(entry: LogEntryJson): string {
  return isCount(entry.logIndex) ? String(entry.logIndex) : '(no index)';
}
