/**
 * DSSE signatures in Sigstore bundles (secure-systems-lab/dsse protocol.md): the signature
 * covers PAE(payloadType, payload), never the bare payload.
 *
 * Which scheme to sign with is decided by what the verifiers of bundles accept, not by what
 * cosign v3 happens to sign with:
 * - Rekor v1's dsse entry type loads every key with SHA-256 (`signature.LoadVerifier(key,
 *   crypto.SHA256)`) and pure Ed25519, so an envelope signed otherwise cannot be logged;
 * - sigstore-js verifies envelopes with `crypto.verify(undefined, …)`, which is SHA-256
 *   for every ECDSA curve and pure Ed25519;
 * - `cosign verify --key` uses `--signature-digest-algorithm`, SHA-256 by default.
 * So Signet signs with SHA-256 on every curve and pure Ed25519. cosign v3 itself signs
 * with the curve's hash (SHA-384 for P-384, SHA-512 for P-521) and Ed25519ph, so
 * verification also accepts those (`verifyDsseSignature`).
 */
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding, type DsseEnvelope } from '../../core/dsse.js';
import {
  defaultHash,
  signData,
  verifySignature,
  type PrivateKey,
  type PublicKey,
  type SignatureOptions,
} from '../../core/keys/index.js';

/** The one scheme bundles are signed with: accepted by Rekor v1, sigstore-js and cosign alike. */
const SIGNING_SCHEME: SignatureOptions = { hash: 'sha256', ed25519: 'pure' };

export function signDsse(
  key: PrivateKey,
  payload: Uint8Array,
  payloadType: string = IN_TOTO_PAYLOAD_TYPE,
): DsseEnvelope {
  const sig = signData(key, preAuthEncoding(payloadType, payload), SIGNING_SCHEME);
  // keyid is an unauthenticated hint; cosign leaves it empty and so do we (the bundle's
  // verificationMaterial.publicKey.hint names the key).
  return { payloadType, payload, signatures: [{ keyid: '', sig }] };
}

/**
 * Schemes a bundle signature is accepted under: Signet's own (and every Sigstore client's
 * default) first, then what cosign v3 signs with for the key: the curve's hash for P-384
 * and P-521, Ed25519ph for Ed25519. Each is a sound scheme for its key; none lets one key
 * accept a signature made by another.
 */
function acceptedSchemes(key: PublicKey): readonly SignatureOptions[] {
  if (key.kind === 'ed25519') return [SIGNING_SCHEME, { ed25519: 'prehash' }];
  const curveHash = defaultHash(key.kind);
  return curveHash === 'sha256' ? [SIGNING_SCHEME] : [SIGNING_SCHEME, { hash: curveHash }];
}

/** True when `signature` over `pae` (the PAE bytes) verifies with `key` under an accepted scheme. */
export function verifyDsseSignature(
  key: PublicKey,
  pae: Uint8Array,
  signature: Uint8Array,
): boolean {
  return acceptedSchemes(key).some((scheme) => verifySignature(key, pae, signature, scheme));
}
