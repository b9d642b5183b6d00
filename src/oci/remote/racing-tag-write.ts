/**
 * Tags have no compare-and-swap in the distribution spec, so Signet's writers that share a
 * tag (`.sig` manifests, the referrers tag index) read back after writing and merge what
 * they lost. The CNCF distribution registry can also refuse one of two writes that land on
 * one tag at the same moment with `DIGEST_INVALID`: its filesystem driver rewrites the
 * tag's link file in place, so a concurrent reader can see half of it. Such a refusal is a
 * lost write like the others, for the same loops to retry.
 */
import { isSignetError } from '../../core/errors.js';

export function isRacingTagWriteRefusal(error: unknown): boolean {
  return (
    isSignetError(error) &&
    error.code === 'REGISTRY_REJECTED' &&
    error.details.registryCode === 'DIGEST_INVALID'
  );
}
