/**
 * The transparency-log check of `verify-attestation` (`--tlog-key`, `--trusted-root`,
 * `--tlog-url`; `--tlog-required`): a bundle's own tlog entries, or the legacy `.att`
 * layer's `dev.sigstore.cosign/bundle` annotation, must be a verified `dsse` entry of
 * this very envelope (SET, and the inclusion proof with its checkpoint when present).
 * The legacy annotation holds the same facts as a bundle entry, so it is rewritten into
 * one and checked by the same code (signing/bundle verifyBundleTlogEntry). A promotion
 * gate that wants proof of inclusion, not only the log's promise, adds
 * `--tlog-proof-required`: cosign's legacy annotation carries no proof, so it needs bundles.
 */
import { parseDsseEnvelope, type DsseEnvelope } from '../../core/dsse.js';
import type { PublicKey } from '../../core/keys/index.js';
import type { AttestationCandidate, AttestationSource } from '../../signing/attest/index.js';
import { verifyBundleTlogEntry } from '../../signing/bundle/index.js';
import { CosignAnnotation } from '../../signing/cosign/index.js';
import type { TlogTrust } from '../../signing/index.js';
import { compileTlogTrust } from '../../signing/verify/index.js';

export function attestationTlogCheck(
  trust: TlogTrust,
  keys: readonly PublicKey[],
  proofRequired = false,
): (candidate: AttestationCandidate) => string | undefined {
  const compiled = compileTlogTrust(trust);
  return (candidate) => {
    const source = candidate.extra as AttestationSource | undefined;
    const envelope: DsseEnvelope =
      candidate.envelope instanceof Uint8Array
        ? parseDsseEnvelope(candidate.envelope, candidate.source)
        : candidate.envelope;
    let entries: readonly unknown[] = [];
    if (source?.layout === 'bundle') entries = source.tlogEntries;
    else if (source?.layout === 'legacy') {
      const annotation = source.annotations[CosignAnnotation.Bundle];
      if (annotation !== undefined) {
        const entry = legacyAnnotationEntry(annotation);
        if (entry === undefined) return 'its dev.sigstore.cosign/bundle annotation is malformed';
        entries = [entry];
      }
    }
    if (entries.length === 0)
      return compiled.required ? 'carries no transparency-log entry (--tlog-required)' : undefined;
    const reasons: string[] = [];
    for (const entry of entries.slice(0, 4)) {
      for (const key of keys) {
        const outcome = verifyBundleTlogEntry(entry, envelope, key, compiled);
        if (outcome.ok && (outcome.inclusionProven || !proofRequired)) return undefined;
        reasons.push(
          outcome.ok
            ? `log entry ${outcome.logIndex} has a SET but no inclusion proof and checkpoint (--tlog-proof-required)`
            : outcome.message,
        );
      }
    }
    return `transparency-log entry: ${[...new Set(reasons)].join('; ')}`;
  };
}

/** cosign's RekorBundle `{SignedEntryTimestamp, Payload:{body, integratedTime, logIndex, logID}}` as a bundle tlog entry. */
function legacyAnnotationEntry(text: string): unknown {
  let doc: { SignedEntryTimestamp?: unknown; Payload?: Record<string, unknown> };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return undefined;
  }
  const p = doc.Payload;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.body !== 'string' ||
    typeof p.logID !== 'string'
  )
    return undefined;
  let kind: { kind?: unknown; apiVersion?: unknown };
  try {
    kind = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as typeof kind;
  } catch {
    return undefined;
  }
  return {
    logIndex: String(p.logIndex),
    logId: { keyId: Buffer.from(p.logID, 'hex').toString('base64') },
    kindVersion: { kind: kind.kind, version: kind.apiVersion },
    integratedTime: String(p.integratedTime),
    inclusionPromise: { signedEntryTimestamp: doc.SignedEntryTimestamp },
    canonicalizedBody: p.body,
  };
}
