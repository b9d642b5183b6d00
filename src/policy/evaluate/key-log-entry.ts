/**
 * The transparency-log entry of a key signature that already verified: the layer's Rekor
 * bundle (`dev.sigstore.cosign/bundle`) checked against the log keys the caller trusts (its
 * signed entry timestamp, and that the entry logs exactly this payload, signature and key),
 * as `signet verify --tlog-key` checks it. Only an entry that verifies yields a log index;
 * the annotation alone is unsigned and attacker-controlled. The entry never changes the
 * verdict here: key authorities check signatures by key alone (policy validation refuses
 * `ctlog` on them), so this only reports what could be proven.
 */
import { decodeBase64 } from '../../core/base64.js';
import type { PublicKey } from '../../core/keys/index.js';
import { CosignAnnotation, type SignatureLayer } from '../../signing/cosign/signature-layer.js';
import {
  compileTlogTrust,
  verifyRekorBundleAnnotation,
  type CompiledTlogTrust,
  type TlogTrust,
} from '../../signing/verify/index.js';

/** Compiled once per trust object the caller hands in ("create once, verify many"). */
const compiled = new WeakMap<TlogTrust, CompiledTlogTrust>();

export function compiledLogTrust(trust: TlogTrust | undefined): CompiledTlogTrust | undefined {
  if (trust === undefined) return undefined;
  let hit = compiled.get(trust);
  if (hit === undefined) {
    hit = compileTlogTrust(trust);
    compiled.set(trust, hit);
  }
  return hit;
}

/** The verified entry's log index, or undefined (no trusted logs, no entry, or it fails). */
export function verifiedLogIndex(
  layer: SignatureLayer,
  key: PublicKey,
  logs: CompiledTlogTrust | undefined,
): number | undefined {
  if (logs === undefined) return undefined;
  const annotation = layer.annotations[CosignAnnotation.Bundle];
  const encoded = layer.annotations[CosignAnnotation.Signature];
  if (annotation === undefined || encoded === undefined) return undefined;
  let signature: Uint8Array;
  try {
    signature = decodeBase64(encoded, 'signature annotation');
  } catch {
    return undefined;
  }
  const outcome = verifyRekorBundleAnnotation(
    annotation,
    { payload: layer.payload, signature, signer: key },
    logs,
  );
  return outcome.ok ? outcome.logIndex : undefined;
}
