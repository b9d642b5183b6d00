/**
 * DSSE signing of a statement (secure-systems-lab/dsse protocol.md): the signature covers
 * PAE(payloadType, payload), never the bare payload. Ed25519 signs in its pure form here:
 * Sigstore bundles and DSSE verifiers other than cosign's legacy `.sig` path expect it.
 */
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding, type DsseEnvelope } from '../../core/dsse.js';
import { signData, type PrivateKey } from '../../core/keys/index.js';

export function signDsse(
  key: PrivateKey,
  payload: Uint8Array,
  payloadType: string = IN_TOTO_PAYLOAD_TYPE,
): DsseEnvelope {
  const sig = signData(key, preAuthEncoding(payloadType, payload), { ed25519: 'pure' });
  // keyid is an unauthenticated hint; cosign leaves it empty and so do we (the bundle's
  // verificationMaterial.publicKey.hint names the key).
  return { payloadType, payload, signatures: [{ keyid: '', sig }] };
}
