/**
 * Transparency-log entries of a Sigstore bundle (protobuf-specs TransparencyLogEntry in
 * the protobuf JSON mapping: int64 as strings, bytes as base64; reference section 3.4),
 * checked as sigstore-js verifyTLogs does: the SET (inclusionPromise) and, when present,
 * the inclusion proof with its signed checkpoint, then that the logged dsse body is this
 * envelope (its payload hash and signature, by the key that verified it). Every field is
 * attacker-controlled until verified.
 */
import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import type { DsseEnvelope } from '../../core/dsse.js';
import { describeError } from '../../core/errors.js';
import type { PublicKey } from '../../core/keys/index.js';
import {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  verifyEntryTimestamp,
  parseVerifier,
  verifyLogEntry,
  type LogEntryJson,
} from '../../tlog/entry/index.js';
import type { CompiledTlogTrust, TlogOutcome } from '../verify/index.js';

export function verifyBundleTlogEntry(
  tle: unknown,
  envelope: DsseEnvelope,
  signer: PublicKey,
  trust: CompiledTlogTrust,
): TlogOutcome {
  const fail = (message: string): TlogOutcome => ({ ok: false, message });
  let entry: LogEntryJson;
  let hasProof: boolean;
  try {
    ({ entry, hasProof } = toLogEntry(tle));
  } catch (error) {
    return fail(`the tlog entry is malformed: ${describeError(error)}`);
  }
  const key = trust.keyFor(entry.logID);
  if (key === undefined)
    return fail(`the entry was made by log ${entry.logID}, which is not a trusted log key`);
  const now = trust.now();
  if (hasProof) {
    try {
      // Bundles come from any log, the public sharded Rekor included (verify-log-entry.ts).
      verifyLogEntry(entry, key, { now, shardedLog: true });
    } catch (error) {
      return fail(describeError(error));
    }
  } else {
    const set = entry.verification?.signedEntryTimestamp;
    if (set === undefined) return fail('the entry has neither an inclusion promise nor a proof');
    if (!verifyEntryTimestamp(key, entry, decodeBase64(set, 'signedEntryTimestamp')))
      return fail(`the signed entry timestamp of log entry ${entry.logIndex} does not verify`);
    if (entry.integratedTime > now.getTime() / 1000 + DEFAULT_MAX_CLOCK_SKEW_SECONDS)
      return fail(`log entry ${entry.logIndex} claims integration in the future`);
  }
  const outside = trust.outsideValidity(entry.logID, entry.integratedTime);
  if (outside !== undefined) return fail(`log entry ${entry.logIndex} ${outside}`);
  let mismatch: string | undefined;
  try {
    mismatch = dsseBodyMismatch(entry.body, envelope, signer);
  } catch (error) {
    mismatch = `has a malformed body (${describeError(error)})`;
  }
  if (mismatch !== undefined) return fail(`log entry ${entry.logIndex} ${mismatch}`);
  return {
    ok: true,
    logIndex: entry.logIndex,
    integratedTime: entry.integratedTime,
    logId: entry.logID,
    inclusionProven: hasProof,
  };
}

/** The Rekor v1 LogEntry a TransparencyLogEntry stands for (hex where Rekor uses hex). */
function toLogEntry(tle: unknown): { entry: LogEntryJson; hasProof: boolean } {
  const t = record(tle, 'entry');
  const hex = (b64: unknown, what: string) =>
    Buffer.from(decodeBase64(text(b64, what), what)).toString('hex');
  const promise =
    t.inclusionPromise === undefined ? undefined : record(t.inclusionPromise, 'inclusionPromise');
  const proof =
    t.inclusionProof === undefined ? undefined : record(t.inclusionProof, 'inclusionProof');
  const body = text(t.canonicalizedBody, 'canonicalizedBody');
  const kindVersion = record(t.kindVersion, 'kindVersion');
  const decoded = JSON.parse(
    new TextDecoder().decode(decodeBase64(body, 'canonicalizedBody')),
  ) as Record<string, unknown>;
  if (decoded.kind !== kindVersion.kind || decoded.apiVersion !== kindVersion.version)
    throw new Error('kindVersion does not match the body');
  const entry: LogEntryJson = {
    body,
    integratedTime: int64(t.integratedTime, 'integratedTime'),
    logID: hex(record(t.logId, 'logId').keyId, 'logId.keyId'),
    logIndex: int64(t.logIndex, 'logIndex'),
    verification: {
      ...(promise === undefined
        ? {}
        : { signedEntryTimestamp: text(promise.signedEntryTimestamp, 'signedEntryTimestamp') }),
      ...(proof === undefined
        ? {}
        : {
            inclusionProof: {
              logIndex: int64(proof.logIndex, 'inclusionProof.logIndex'),
              rootHash: hex(proof.rootHash, 'inclusionProof.rootHash'),
              treeSize: int64(proof.treeSize, 'inclusionProof.treeSize'),
              hashes: list(proof.hashes, 'inclusionProof.hashes').map((h) => hex(h, 'hash')),
              checkpoint: text(
                record(proof.checkpoint, 'checkpoint').envelope,
                'checkpoint.envelope',
              ),
            },
          }),
    },
  };
  return { entry, hasProof: proof !== undefined };
}

/** Why the logged dsse body is not this envelope signed by `signer`, or undefined. */
function dsseBodyMismatch(
  body: string,
  envelope: DsseEnvelope,
  signer: PublicKey,
): string | undefined {
  const doc = JSON.parse(new TextDecoder().decode(decodeBase64(body, 'body'))) as Record<
    string,
    unknown
  >;
  if (doc.kind !== 'dsse' || doc.apiVersion !== '0.0.1') return 'is not a dsse 0.0.1 entry';
  const spec = record(doc.spec, 'spec');
  const payloadHash = record(spec.payloadHash, 'payloadHash');
  const expected = createHash('sha256').update(envelope.payload).digest('hex');
  if (payloadHash.algorithm !== 'sha256' || payloadHash.value !== expected)
    return 'records the hash of another payload';
  const mine = new Set(envelope.signatures.map((s) => encodeBase64(s.sig)));
  const logged = list(spec.signatures, 'signatures').map((s) => record(s, 'signature'));
  const match = logged.find((s) => typeof s.signature === 'string' && mine.has(s.signature));
  if (match === undefined) return 'records another signature than the envelope carries';
  try {
    // A keyless signer is logged as its certificate, a key-based one as its public key.
    const key = parseVerifier(text(match.verifier, 'verifier'), 'logged verifier').key;
    if (key.keyId !== signer.keyId) return 'records another signing key';
  } catch (error) {
    return `records an unreadable key (${describeError(error)})`;
  }
  return undefined;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be text`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

/** protobuf JSON writes int64 as a decimal string; numbers are accepted too. */
function int64(value: unknown, what: string): number {
  const n =
    typeof value === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new Error(`${what} must be a whole number`);
  return n;
}
