/**
 * Search keys an entry is indexed under, for POST /api/v1/index/retrieve. Rekor keeps
 * digests and key hashes in one namespace; Signet prefixes them so that a digest search
 * can never match a key whose hash happens to be that digest.
 */
import { sha256Hex } from '../../core/digest.js';

/** Hash algorithms a search may name (Rekor's SearchIndex.hash pattern). */
export const SEARCHABLE_HASHES = ['sha256', 'sha384', 'sha512', 'sha1'] as const;

/** Key of an artifact or payload digest, e.g. `hash:sha256:<hex>`. */
export function digestSearchKey(algorithm: string, hex: string): string {
  return `hash:${algorithm.toLowerCase()}:${hex.toLowerCase()}`;
}

/** Key of a public key or certificate: SHA-256 of its canonical PEM (Rekor IndexKeys). */
export function publicKeySearchKey(canonicalPem: string): string {
  return `key:sha256:${sha256Hex(canonicalPem)}`;
}
