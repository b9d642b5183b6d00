/**
 * The RFC 6962 hash functions (RFC 9162 section 2.1.1), with SHA-256 as the hash.
 *
 * Leaves and interior nodes use different one-byte prefixes so that a leaf can never
 * be passed off as an interior node (second-preimage protection, RFC 9162 section 2.1.1).
 */
import { createHash } from 'node:crypto';

/** Length in bytes of every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({d}) = SHA-256(0x00 || d): the hash of one log entry (its leaf bytes). */
export function leafHash(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/**
 * SHA-256(0x01 || left || right): the hash of an interior node. Precondition: both
 * inputs are HASH_SIZE bytes (callers validate untrusted hashes before chaining them).
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256(""): the root of the empty tree. A fresh copy on each call. */
export function emptyRoot(): Uint8Array {
  return createHash('sha256').digest();
}

/** Byte equality; hashes are public values, so no constant-time comparison is needed. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex, as the Rekor API and checkpoints' readers print hashes. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * A hash for an error message: hex when it has the right length, otherwise its length
 * and first bytes, since an attacker-supplied value may be arbitrarily long.
 */
export function describeHash(bytes: Uint8Array): string {
  if (bytes.length === HASH_SIZE) return hexOf(bytes);
  return `<${bytes.length} bytes${bytes.length > 0 ? ` ${hexOf(bytes.subarray(0, 8))}…` : ''}>`;
}
