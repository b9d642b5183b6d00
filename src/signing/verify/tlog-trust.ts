/**
 * What a verifier trusts of transparency logs: their public keys (found by log ID, the
 * SHA-256 of the key's DER SubjectPublicKeyInfo), whether every signature must have been
 * logged, and the clock to judge integration times by. Compiled once, used per image.
 */
import type { KeyObject } from 'node:crypto';
import { logIdOf } from '../../tlog/entry/index.js';

export interface TlogTrust {
  /** Public keys of trusted logs: ECDSA P-256 (Rekor v1) or Ed25519. */
  readonly keys: readonly KeyObject[];
  /** A signature without a log entry fails (`--tlog-required`). */
  readonly required?: boolean;
  /** The verifier's clock; default the system clock, read at each verification. */
  readonly now?: () => Date;
}

/** Outcome of checking one signature's log entry; `message` is one clause for people. */
export type TlogOutcome =
  | {
      readonly ok: true;
      readonly logIndex: number;
      readonly integratedTime: number;
      readonly logId: string;
      /** False when only the SET was checked (no inclusion proof came with the entry). */
      readonly inclusionProven: boolean;
    }
  | { readonly ok: false; readonly message: string };

/** Facts about a verified log entry, reported with the signature. */
export interface TlogEntryFacts {
  readonly logIndex: number;
  readonly integratedTime: number;
  readonly logId: string;
  readonly inclusionProven: boolean;
}

export interface CompiledTlogTrust {
  readonly required: boolean;
  readonly now: () => Date;
  /** The trusted key that is log `logId`, if any. */
  keyFor(logId: string): KeyObject | undefined;
}

export function compileTlogTrust(trust: TlogTrust): CompiledTlogTrust {
  const byLogId = new Map(trust.keys.map((key) => [logIdOf(key), key]));
  return {
    required: trust.required === true,
    now: trust.now ?? (() => new Date()),
    keyFor: (logId) => byLogId.get(logId),
  };
}

export function factsOf(outcome: TlogOutcome): TlogEntryFacts | undefined {
  return outcome.ok
    ? {
        logIndex: outcome.logIndex,
        integratedTime: outcome.integratedTime,
        logId: outcome.logId,
        inclusionProven: outcome.inclusionProven,
      }
    : undefined;
}
