/**
 * Keys named by `key.secretRef`: read through the injected reader at evaluation time (the
 * secret may be rotated without recompiling), parsed once per distinct PEM.
 */
import { sha256Hex } from '../../core/digest.js';
import { describeError } from '../../core/errors.js';
import { parsePublicKey, type PublicKey } from '../../core/keys/index.js';
import { createVerifier, type Verifier } from '../../signing/verify/index.js';
import type { PolicyEvidence } from './evidence.js';

export interface ResolvedKey {
  readonly key: PublicKey;
  readonly verifier: Verifier;
}

/** Distinct secret keys remembered; a cluster has a handful, so this only bounds memory. */
const MAX_CACHED_KEYS = 256;
const parsed = new Map<string, ResolvedKey>();

export type SecretKeyResult = { ok: true; resolved: ResolvedKey } | { ok: false; reason: string };

export async function keyFromSecret(
  evidence: PolicyEvidence,
  name: string,
): Promise<SecretKeyResult> {
  let pem: string;
  try {
    pem = await evidence.readSecret(name);
  } catch (error) {
    return { ok: false, reason: `secret "${name}" could not be read: ${describeError(error)}` };
  }
  const id = sha256Hex(pem);
  const cached = parsed.get(id);
  if (cached !== undefined) return { ok: true, resolved: cached };
  try {
    const key = parsePublicKey(pem, `secret "${name}"`);
    const resolved = { key, verifier: createVerifier({ keys: [key] }) };
    if (parsed.size >= MAX_CACHED_KEYS) parsed.delete(parsed.keys().next().value as string);
    parsed.set(id, resolved);
    return { ok: true, resolved };
  } catch (error) {
    return {
      ok: false,
      reason: `secret "${name}" does not hold a usable public key: ${describeError(error)}`,
    };
  }
}
