/**
 * Shapes of Rekor v1 answers (openapi.yaml), checked before use: everything a log sends is
 * attacker-controlled until verified against the log key, so these parsers only make
 * sure later code reads well-typed fields. Signatures and proofs are verified elsewhere
 * (src/tlog/entry verifyLogEntry, src/tlog/checkpoint, consistency.ts).
 */
import type { InclusionProofJson, LogEntryJson } from '../entry/index.js';
import { parseEntryReference } from '../entry/index.js';
import { tlogClientError } from './errors.js';

/** One entry as a log returned it, under its entry ID (80 hex, or a 64-hex UUID). */
export interface RekorEntry {
  readonly entryId: string;
  /** The 64-hex UUID part of the entry ID. */
  readonly uuid: string;
  readonly entry: LogEntryJson;
}

export interface LogInfo {
  /** hex root of the latest tree. */
  readonly rootHash: string;
  readonly treeSize: number;
  /** The signed checkpoint note. */
  readonly signedTreeHead: string;
  /** Decimal tree ID. */
  readonly treeId: string;
}

export interface ConsistencyProofJson {
  readonly rootHash: string;
  /** hex hashes, as the proof lists them. */
  readonly hashes: readonly string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

type Fail = (problem: string) => Error;

function failFor(what: string): Fail {
  return (problem) =>
    tlogClientError(
      'TLOG_CLIENT_PROTOCOL',
      `the transparency log's answer to ${what} is not a Rekor v1 response: ${problem}`,
    );
}

export function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw failFor(what)('not UTF-8 JSON');
  }
}

/** `{<entryID>: LogEntryAnon}` with exactly one member (sigstore-js requires the same). */
export function parseEntryMap(doc: unknown, what: string): RekorEntry {
  const fail = failFor(what);
  if (!isRecord(doc)) throw fail('expected an object keyed by entry ID');
  const keys = Object.keys(doc);
  if (keys.length !== 1) throw fail(`expected exactly one entry, got ${keys.length}`);
  const entryId = keys[0]!;
  let uuid: string;
  try {
    uuid = parseEntryReference(entryId).uuid;
  } catch {
    throw fail('the entry ID is not 64 or 80 hex characters');
  }
  return { entryId: entryId.toLowerCase(), uuid, entry: parseLogEntry(doc[entryId], fail) };
}

export function parseEntryList(doc: unknown, what: string): RekorEntry[] {
  if (!Array.isArray(doc)) throw failFor(what)('expected an array of entries');
  return doc.map((item) => parseEntryMap(item, what));
}

function parseLogEntry(value: unknown, fail: Fail): LogEntryJson {
  if (!isRecord(value)) throw fail('the entry is not an object');
  const { body, integratedTime, logID, logIndex, verification } = value;
  if (typeof body !== 'string') throw fail('body must be base64 text');
  if (!isCount(integratedTime)) throw fail('integratedTime must be a whole number');
  if (!isCount(logIndex)) throw fail('logIndex must be a whole number');
  if (typeof logID !== 'string' || !HEX64.test(logID)) throw fail('logID must be 64 hex');
  if (verification === undefined) return { body, integratedTime, logID, logIndex };
  if (!isRecord(verification)) throw fail('verification must be an object');
  const set = verification.signedEntryTimestamp;
  if (set !== undefined && typeof set !== 'string')
    throw fail('signedEntryTimestamp must be base64 text');
  const proof =
    verification.inclusionProof === undefined
      ? undefined
      : parseInclusionProof(verification.inclusionProof, fail);
  return {
    body,
    integratedTime,
    logID,
    logIndex,
    verification: {
      ...(set === undefined ? {} : { signedEntryTimestamp: set }),
      ...(proof === undefined ? {} : { inclusionProof: proof }),
    },
  };
}

function parseInclusionProof(value: unknown, fail: Fail): InclusionProofJson {
  if (!isRecord(value)) throw fail('inclusionProof must be an object');
  const { logIndex, rootHash, treeSize, hashes, checkpoint } = value;
  if (!isCount(logIndex) || !isCount(treeSize))
    throw fail('inclusionProof logIndex and treeSize must be whole numbers');
  if (typeof rootHash !== 'string') throw fail('inclusionProof.rootHash must be hex');
  if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string'))
    throw fail('inclusionProof.hashes must be a list of hex strings');
  if (typeof checkpoint !== 'string') throw fail('inclusionProof.checkpoint must be text');
  return { logIndex, rootHash, treeSize, hashes, checkpoint };
}

export function parseLogInfo(doc: unknown, what: string): LogInfo {
  const fail = failFor(what);
  if (!isRecord(doc)) throw fail('expected an object');
  const { rootHash, treeSize, signedTreeHead, treeID } = doc;
  if (typeof rootHash !== 'string') throw fail('rootHash must be hex');
  if (!isCount(treeSize)) throw fail('treeSize must be a whole number');
  if (typeof signedTreeHead !== 'string') throw fail('signedTreeHead must be text');
  if (typeof treeID !== 'string') throw fail('treeID must be a decimal string');
  return { rootHash, treeSize, signedTreeHead, treeId: treeID };
}

export function parseConsistencyProof(doc: unknown, what: string): ConsistencyProofJson {
  const fail = failFor(what);
  if (!isRecord(doc)) throw fail('expected an object');
  const { rootHash, hashes } = doc;
  if (typeof rootHash !== 'string') throw fail('rootHash must be hex');
  if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && HEX64.test(h)))
    throw fail('hashes must be a list of 64-hex strings');
  return { rootHash, hashes: hashes as string[] };
}

export function parseEntryIdList(doc: unknown, what: string): string[] {
  const fail = failFor(what);
  if (!Array.isArray(doc)) throw fail('expected an array of entry IDs');
  return doc.map((id) => {
    if (typeof id !== 'string') throw fail('an entry ID is not text');
    try {
      parseEntryReference(id);
    } catch {
      throw fail('an entry ID is not 64 or 80 hex characters');
    }
    return id.toLowerCase();
  });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
