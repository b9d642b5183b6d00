/**
 * What a verifier trusts of transparency logs: their public keys (found by log ID, the
 * SHA-256 of the key's DER SubjectPublicKeyInfo), whether every signature must have been
 * logged, and the clock to judge integration times by. Compiled once, used per image.
 */
import type { KeyObject } from 'node:crypto';
import { logIdOf } from '../../tlog/entry/index.js';

/**
 * A log key trusted only for entries integrated within a window, as a Sigstore trusted
 * root gives it (`tlogs[].publicKey.validFor`): a rotated-out key must not vouch for
 * entries made after its end, nor a new key for entries before its start.
 */
export interface WindowedLogKey {
  readonly key: KeyObject;
  readonly validFrom?: Date;
  readonly validUntil?: Date;
}

export interface TlogTrust {
  /** Public keys of trusted logs: ECDSA P-256 (Rekor v1) or Ed25519, optionally windowed. */
  readonly keys: readonly (KeyObject | WindowedLogKey)[];
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
  /** Why log `logId`'s key does not vouch for an entry integrated at `seconds`, if it does not. */
  outsideValidity(logId: string, seconds: number): string | undefined;
}

export function compileTlogTrust(trust: TlogTrust): CompiledTlogTrust {
  const windowed = trust.keys.map((k): WindowedLogKey => ('key' in k ? k : { key: k }));
  const byLogId = new Map(windowed.map((k) => [logIdOf(k.key), k]));
  return {
    required: trust.required === true,
    now: trust.now ?? (() => new Date()),
    keyFor: (logId) => byLogId.get(logId)?.key,
    outsideValidity(logId, seconds) {
      const window = byLogId.get(logId);
      const at = seconds * 1000;
      if (window?.validFrom !== undefined && at < window.validFrom.getTime())
        return `was integrated at ${new Date(at).toISOString()}, before its log key became valid (${window.validFrom.toISOString()})`;
      if (window?.validUntil !== undefined && at > window.validUntil.getTime())
        return `was integrated at ${new Date(at).toISOString()}, after its log key expired (${window.validUntil.toISOString()})`;
      return undefined;
    },
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
