/**
 * The Rekor SET of a sigstore signature, checked as containers/image checks it
 * (signature/internal/rekor_set.go VerifyRekorSET): the `dev.sigstore.cosign/bundle`
 * annotation is exactly `{"SignedEntryTimestamp","Payload"}`, the SET is an ECDSA (DER)
 * signature by one of the Rekor keys over SHA-256 of the RFC 8785 form of Payload,
 * Payload is exactly `{body, integratedTime, logIndex, logID}`, and body is a
 * hashedrekord 0.0.1 entry recording this very key or certificate, signature and SHA-256
 * payload digest. Only the integrated time is returned: containers/image checks log
 * presence, not inclusion proofs. Everything here is attacker-controlled input.
 */
import { createHash, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { parseStrictJson, type JsonValue } from '../gpg/strict-json.js';
import { singlePemDer } from './pem-material.js';

export interface LoggedSignature {
  /** PEM of the signing key (re-encoded) or the signature's certificate annotation. */
  readonly keyOrCertificatePem: string;
  readonly base64Signature: string;
  readonly payload: Uint8Array;
}

export type SetOutcome = { ok: true; integratedTime: Date } | { ok: false; reason: string };

const MAX_DEPTH = 16;

export function verifyRekorSet(
  rekorKeys: readonly KeyObject[],
  annotation: string,
  signed: LoggedSignature,
): SetOutcome {
  const no = (reason: string): SetOutcome => ({ ok: false, reason });
  let doc: JsonValue;
  try {
    doc = parseStrictJson(annotation, MAX_DEPTH);
  } catch (error) {
    return no(`the Rekor SET is not valid JSON: ${(error as Error).message}`);
  }
  const set = exactly(doc, ['SignedEntryTimestamp', 'Payload']);
  if (typeof set === 'string') return no(`the Rekor SET ${set}`);
  const timestamp = base64(set.get('SignedEntryTimestamp'));
  if (timestamp === undefined) return no('the Rekor SET SignedEntryTimestamp is not base64');
  let canonical: string;
  try {
    canonical = canonicalJson(plain(set.get('Payload')!));
  } catch (error) {
    return no(`the Rekor SET payload cannot be canonicalized: ${(error as Error).message}`);
  }
  const data = new TextEncoder().encode(canonical);
  const signedByLog = rekorKeys.some((key) => {
    try {
      return verify('sha256', data, { key, dsaEncoding: 'der' }, timestamp);
    } catch {
      return false;
    }
  });
  if (!signedByLog) return no('cryptographic signature verification of the Rekor SET failed');
  const payload = exactly(set.get('Payload')!, ['body', 'integratedTime', 'logIndex', 'logID']);
  if (typeof payload === 'string') return no(`the Rekor SET payload ${payload}`);
  const integratedTime = payload.get('integratedTime');
  if (typeof integratedTime !== 'number' || !Number.isSafeInteger(integratedTime))
    return no('the Rekor SET integratedTime is not an integer');
  if (typeof payload.get('logID') !== 'string' || !Number.isSafeInteger(payload.get('logIndex')))
    return no('the Rekor SET logID or logIndex has the wrong type');
  const body = base64(payload.get('body'));
  if (body === undefined) return no('the Rekor SET body is not base64');
  const mismatch = hashedRekordMismatch(new TextDecoder().decode(body), signed);
  return mismatch === undefined
    ? { ok: true, integratedTime: new Date(integratedTime * 1000) }
    : no(mismatch);
}

function hashedRekordMismatch(text: string, signed: LoggedSignature): string | undefined {
  let body: JsonValue;
  try {
    body = parseStrictJson(text, MAX_DEPTH);
  } catch {
    return 'the Rekor SET body is not JSON';
  }
  if (member(body, 'kind') !== 'hashedrekord')
    return 'the Rekor SET body is not a hashedrekord entry';
  if (member(body, 'apiVersion') !== '0.0.1')
    return 'the Rekor SET body is not hashedrekord version 0.0.1';
  const spec = member(body, 'spec');
  const signature = member(spec, 'signature');
  const logged = base64(member(signature, 'content'));
  const loggedKey = base64(member(member(signature, 'publicKey'), 'content'));
  if (logged === undefined || loggedKey === undefined)
    return 'the Rekor SET entry lacks signature.content or signature.publicKey.content';
  const loggedDer = singlePemDer(new TextDecoder().decode(loggedKey));
  if (typeof loggedDer === 'string') return `the public key in the Rekor SET ${loggedDer}`;
  const ownDer = singlePemDer(signed.keyOrCertificatePem);
  if (typeof ownDer === 'string') return `the signature's key or certificate ${ownDer}`;
  if (!loggedDer.equals(ownDer)) return 'the public key in the Rekor SET does not match';
  const own = base64(signed.base64Signature);
  if (own === undefined) return 'the signature is not base64';
  if (!Buffer.from(logged).equals(own)) return 'the signature in the Rekor SET does not match';
  const hash = member(member(spec, 'data'), 'hash');
  // containers/image accepts only sha256 here (cosign logs image signatures with it).
  if (member(hash, 'algorithm') !== 'sha256')
    return `unexpected data.hash.algorithm ${JSON.stringify(member(hash, 'algorithm') ?? null)} in the Rekor SET`;
  const value = member(hash, 'value');
  const digest = createHash('sha256').update(signed.payload).digest('hex');
  if (typeof value !== 'string' || value.toLowerCase() !== digest)
    return 'the payload in the Rekor SET does not match';
  return undefined;
}

type JsonMap = ReadonlyMap<string, JsonValue>;

/** The object, or why it is not an object with exactly these members. */
function exactly(value: JsonValue, names: readonly string[]): JsonMap | string {
  if (!(value instanceof Map)) return 'is not a JSON object';
  for (const name of names) if (!value.has(name)) return `lacks "${name}"`;
  for (const name of value.keys())
    if (!names.includes(name)) return `has an unknown member "${name.slice(0, 40)}"`;
  return value;
}

function member(value: JsonValue | undefined, name: string): JsonValue | undefined {
  return value instanceof Map ? value.get(name) : undefined;
}

/** Go's []byte JSON form: standard base64 with padding. */
function base64(value: JsonValue | undefined): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value))
    return undefined;
  return Buffer.from(value, 'base64');
}

function plain(value: JsonValue): unknown {
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)] as const));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}
