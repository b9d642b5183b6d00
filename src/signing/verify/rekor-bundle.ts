/**
 * The Rekor bundle of a legacy cosign signature layer: the `dev.sigstore.cosign/bundle`
 * annotation `{"SignedEntryTimestamp":"<b64>","Payload":{"body","integratedTime",
 * "logIndex","logID"}}` (cosign pkg/cosign/bundle/rekor.go). cosign's VerifyBundle checks
 * the SET with the log key and that the logged hashedrekord body is this very signature:
 * the payload's digest, the signature bytes and the signing key. The annotation is
 * attacker-controlled: every field is type-checked before use.
 */
import { createHash } from 'node:crypto';
import { decodeBase64 } from '../../core/base64.js';
import { describeError } from '../../core/errors.js';
import type { PublicKey } from '../../core/keys/index.js';
import {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  parseVerifier,
  verifyEntryTimestamp,
} from '../../tlog/entry/index.js';
import { jsonField, readRekorBundleAnnotation } from '../cosign/rekor-bundle-annotation.js';
import type { CompiledTlogTrust, TlogOutcome } from './tlog-trust.js';

export interface SignedEvidence {
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
  /** The key the layer's signature verified with. */
  readonly signer: PublicKey;
}

const HASHES = new Set(['sha256', 'sha384', 'sha512']);

export function verifyRekorBundleAnnotation(
  text: string,
  evidence: SignedEvidence,
  trust: CompiledTlogTrust,
): TlogOutcome {
  const fail = (message: string): TlogOutcome => ({ ok: false, message });
  const read = readRekorBundleAnnotation(text);
  if (!read.ok)
    return fail(
      {
        'not-json': 'the Rekor bundle annotation is not JSON',
        'missing-field':
          'the Rekor bundle lacks SignedEntryTimestamp, Payload.body or Payload.logID',
        'not-a-count': 'the Rekor bundle integratedTime and logIndex must be whole numbers',
      }[read.problem],
    );
  const { set, body, integratedTime, logIndex, logID } = read.bundle;
  const key = trust.keyFor(logID);
  if (key === undefined)
    return fail(`the entry was made by log ${logID.slice(0, 64)}, which is not a trusted log key`);
  let setBytes: Uint8Array;
  try {
    setBytes = decodeBase64(set, 'SignedEntryTimestamp');
  } catch {
    return fail('the SignedEntryTimestamp is not base64');
  }
  if (!verifyEntryTimestamp(key, { body, integratedTime, logID, logIndex }, setBytes))
    return fail(
      `the signed entry timestamp of log entry ${logIndex} is not the log key's signature over its body, time and index`,
    );
  const outside = trust.outsideValidity(logID, integratedTime);
  if (outside !== undefined) return fail(`log entry ${logIndex} ${outside}`);
  const now = Math.floor(trust.now().getTime() / 1000);
  if (integratedTime > now + DEFAULT_MAX_CLOCK_SKEW_SECONDS)
    return fail(`log entry ${logIndex} claims integration ${integratedTime - now} s in the future`);
  const mismatch = hashedRekordMismatch(body, evidence);
  if (mismatch !== undefined) return fail(`log entry ${logIndex} ${mismatch}`);
  return { ok: true, logIndex, integratedTime, logId: logID, inclusionProven: false };
}

/** Why the logged hashedrekord body is not this signature, or undefined when it is. */
function hashedRekordMismatch(bodyBase64: string, evidence: SignedEvidence): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(decodeBase64(bodyBase64, 'Rekor body')));
  } catch {
    return 'has a body that is not base64 JSON';
  }
  if (jsonField(body, 'kind') !== 'hashedrekord' || jsonField(body, 'apiVersion') !== '0.0.1')
    return 'is not a hashedrekord 0.0.1 entry';
  const spec = jsonField(body, 'spec');
  const hash = jsonField(jsonField(spec, 'data'), 'hash');
  const algorithm = jsonField(hash, 'algorithm');
  if (typeof algorithm !== 'string' || !HASHES.has(algorithm))
    return 'names no supported digest algorithm';
  const digest = createHash(algorithm).update(evidence.payload).digest('hex');
  if (jsonField(hash, 'value') !== digest) return 'records the digest of another payload';
  const signature = jsonField(jsonField(spec, 'signature'), 'content');
  let logged: Uint8Array;
  try {
    logged = decodeBase64(String(signature), 'logged signature');
  } catch {
    return 'records a signature that is not base64';
  }
  if (!Buffer.from(logged).equals(Buffer.from(evidence.signature)))
    return 'records another signature than this layer carries';
  const keyText = jsonField(jsonField(jsonField(spec, 'signature'), 'publicKey'), 'content');
  try {
    // The base64 of a PEM public key or certificate, as in every Rekor entry body.
    const logged = parseVerifier(String(keyText), 'logged key').key;
    if (logged.keyId !== evidence.signer.keyId) return 'records another signing key';
  } catch (error) {
    return `records an unreadable key (${describeError(error)})`;
  }
  return undefined;
}
