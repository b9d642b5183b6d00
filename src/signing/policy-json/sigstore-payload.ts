/**
 * The signature and payload checks of a sigstore signature as containers/image makes them
 * (signature/internal/sigstore_payload.go VerifySigstorePayload):
 * - the signature verifies with one of the keys under sigstore's LoadVerifier with SHA-256:
 *   ECDSA (any curve) over SHA-256 with an ASN.1 DER signature, RSA PKCS #1 v1.5 with
 *   SHA-256, Ed25519 pure (so cosign's Ed25519ph image signatures do not verify there, nor
 *   here; nor do P-384/P-521 signatures made with the curve's own hash);
 * - the payload is exactly `{"critical","optional"}`; critical is exactly
 *   `{"type","image","identity"}` with type "cosign container image signature", image
 *   exactly `{"docker-manifest-digest"}` (a valid digest), identity exactly
 *   `{"docker-reference"}`; optional is null or an object whose timestamp, if any, is an integer.
 * The payload and signature are attacker-controlled.
 */
import { constants, verify, type KeyObject } from 'node:crypto';
import { parseStrictJson, type JsonValue } from '../gpg/strict-json.js';

export const SIGSTORE_SIGNATURE_TYPE = 'cosign container image signature';
const DIGEST = /^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

export interface SigstoreClaim {
  readonly manifestDigest: string;
  readonly dockerReference: string;
}

/** True when `signature` over `payload` verifies with `key` as sigstore's SHA-256 verifier checks it. */
export function verifiesWithSha256Verifier(
  key: KeyObject,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (key.asymmetricKeyType) {
      case 'ec':
        return verify('sha256', payload, { key, dsaEncoding: 'der' }, signature);
      case 'rsa':
        return verify('sha256', payload, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'ed25519':
        return verify(null, payload, key, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

export type ClaimOutcome = { ok: true; claim: SigstoreClaim } | { ok: false; reason: string };

export function parseSigstorePayload(payload: Uint8Array): ClaimOutcome {
  const no = (reason: string): ClaimOutcome => ({ ok: false, reason });
  let doc: JsonValue;
  try {
    doc = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(payload), 16);
  } catch (error) {
    return no(`the signature payload is not valid JSON: ${(error as Error).message}`);
  }
  const top = exactly(doc, ['critical', 'optional'], 'the signature payload');
  if (typeof top === 'string') return no(top);
  const optional = top.get('optional')!;
  if (optional !== null) {
    if (!(optional instanceof Map)) return no('optional in the signature payload is not an object');
    const creator = optional.get('creator');
    if (creator !== undefined && typeof creator !== 'string')
      return no('optional.creator in the signature payload is not a string');
    const timestamp = optional.get('timestamp');
    if (timestamp !== undefined && (typeof timestamp !== 'number' || !Number.isInteger(timestamp)))
      return no('optional.timestamp in the signature payload is not an integer');
  }
  const critical = exactly(top.get('critical')!, ['type', 'image', 'identity'], 'critical');
  if (typeof critical === 'string') return no(critical);
  const type = critical.get('type');
  if (typeof type !== 'string') return no('critical.type is not a string');
  if (type !== SIGSTORE_SIGNATURE_TYPE)
    return no(`unrecognized signature type ${JSON.stringify(type)}`);
  const image = exactly(critical.get('image')!, ['docker-manifest-digest'], 'critical.image');
  if (typeof image === 'string') return no(image);
  const identity = exactly(critical.get('identity')!, ['docker-reference'], 'critical.identity');
  if (typeof identity === 'string') return no(identity);
  const manifestDigest = image.get('docker-manifest-digest');
  const dockerReference = identity.get('docker-reference');
  if (typeof manifestDigest !== 'string' || !DIGEST.test(manifestDigest))
    return no(`invalid docker-manifest-digest value ${JSON.stringify(manifestDigest ?? null)}`);
  if (typeof dockerReference !== 'string')
    return no('critical.identity.docker-reference is not a string');
  return { ok: true, claim: { manifestDigest, dockerReference } };
}

function exactly(
  value: JsonValue,
  names: readonly string[],
  what: string,
): ReadonlyMap<string, JsonValue> | string {
  if (!(value instanceof Map)) return `${what} is not a JSON object`;
  for (const name of names) if (!value.has(name)) return `${what} lacks "${name}"`;
  for (const name of value.keys())
    if (!names.includes(name)) return `${what} has an unknown member "${name.slice(0, 40)}"`;
  return value;
}
