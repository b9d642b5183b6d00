/**
 * Checks every signature of one image, as containers/image's `signedBy` requirement does
 * (signature/policy_eval_signedby.go): each simple-signing signature is verified and checked
 * on its own, one accepted signature is enough, and a bad one never hides a good one.
 * Signatures of another kind (cosign `sigstore-json` entries of a dir: image) are skipped:
 * they belong to the `sigstoreSigned` requirement.
 */
import { isSignetError, type SignetError } from '../../core/errors.js';
import type { ContainersSignature } from '../cosign/containers-dir.js';
import { checkSimpleSignature, type SimpleSignatureExpectation } from './check.js';
import type { PublicKeys } from './keyring.js';
import { verifySimpleSignature, type VerifiedSimpleSignature } from './verify.js';

export type SignatureOutcome =
  | {
      readonly kind: 'accepted';
      readonly source: string;
      readonly signature: VerifiedSimpleSignature;
    }
  | { readonly kind: 'rejected'; readonly source: string; readonly error: SignetError }
  | { readonly kind: 'skipped'; readonly source: string; readonly reason: string };

export interface VerifyImageSignaturesOptions extends Omit<SimpleSignatureExpectation, 'source'> {
  readonly signatures: readonly ContainersSignature[];
  readonly keyring: PublicKeys;
  readonly now: Date;
  /** Names the image in messages: signature N is reported as `signature-N of <image>`. */
  readonly image: string;
}

/** One outcome per signature, in order; never throws for a bad signature. */
export async function verifyImageSignatures(
  options: VerifyImageSignaturesOptions,
): Promise<SignatureOutcome[]> {
  const outcomes: SignatureOutcome[] = [];
  for (const [index, entry] of options.signatures.entries()) {
    const source = `signature-${index + 1} of ${options.image}`;
    switch (entry.kind) {
      case 'sigstore':
        outcomes.push({ kind: 'skipped', source, reason: 'a cosign (sigstore) signature' });
        break;
      case 'simple-signing':
        outcomes.push(await verifyOne(entry.bytes, source, options));
        break;
    }
  }
  return outcomes;
}

async function verifyOne(
  bytes: Uint8Array,
  source: string,
  options: VerifyImageSignaturesOptions,
): Promise<SignatureOutcome> {
  try {
    const signature = await verifySimpleSignature({
      signature: bytes,
      keyring: options.keyring,
      now: options.now,
      source,
    });
    checkSimpleSignature(signature.payload, { ...options, source });
    return { kind: 'accepted', source, signature };
  } catch (error) {
    if (!isSignetError(error)) throw error;
    return { kind: 'rejected', source, error };
  }
}
