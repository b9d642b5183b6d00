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
import type { DsseEnvelope } from '../../core/dsse.js';
import type { PublicKey } from '../../core/keys/index.js';
import type { AttestationCandidate, AttestationSource } from '../../signing/attest/index.js';
import { verifyBundleTlogEntry } from '../../signing/bundle/index.js';
import { CosignAnnotation } from '../../signing/cosign/index.js';
import {
  jsonField,
  readRekorBundleAnnotation,
} from '../../signing/cosign/rekor-bundle-annotation.js';
import type { TlogTrust } from '../../signing/index.js';
import { compileTlogTrust } from '../../signing/verify/index.js';

export function attestationTlogCheck(
  trust: TlogTrust,
  keys: readonly PublicKey[],
  proofRequired = false,
): (candidate: AttestationCandidate, envelope: DsseEnvelope) => string | undefined {
  const compiled = compileTlogTrust(trust);
  return (candidate, envelope) => {
    const source = candidate.extra as AttestationSource | undefined;
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

/**
 * cosign's RekorBundle, read by the one annotation reader, as a bundle tlog entry; the
 * kind and version come from the logged body, as a bundle states them beside it.
 */
function legacyAnnotationEntry(text: string): unknown {
  const read = readRekorBundleAnnotation(text);
  if (!read.ok) return undefined;
  const { set, body, integratedTime, logIndex, logID } = read.bundle;
  let logged: unknown;
  try {
    logged = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  return {
    logIndex: String(logIndex),
    logId: { keyId: Buffer.from(logID, 'hex').toString('base64') },
    kindVersion: { kind: jsonField(logged, 'kind'), version: jsonField(logged, 'apiVersion') },
    integratedTime: String(integratedTime),
    inclusionPromise: { signedEntryTimestamp: set },
    canonicalizedBody: body,
  };
}
