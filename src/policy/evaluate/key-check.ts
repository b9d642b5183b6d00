/**
 * Checks one signature with an authority's key: cosign's schemes per key type by default
 * (signing/verify), or exactly the hash the policy names in `key.hashAlgorithm`, as
 * policy-controller passes it to cosign's verifier.
 */
import { verifySignature, type HashName, type PublicKey } from '../../core/keys/index.js';
import { COSIGN_ED25519_MODE } from '../../signing/cosign/signature-layer.js';
import { verifyCosignSignature } from '../../signing/verify/index.js';
import type { PolicyHash } from '../types.js';

export function keyVerifies(
  key: PublicKey,
  hash: PolicyHash | undefined,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (hash === undefined) return verifyCosignSignature(key, data, signature);
  // Ed25519 has its hash built in; cosign ignores the configured hash for it.
  if (key.kind === 'ed25519')
    return verifySignature(key, data, signature, { ed25519: COSIGN_ED25519_MODE });
  // node:crypto takes any OpenSSL digest name; HashName lists the ones Signet signs with,
  // and sha224 is accepted here only because policy-controller accepts it for verification.
  return verifySignature(key, data, signature, { hash: hash as HashName });
}
