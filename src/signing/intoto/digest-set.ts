/**
 * in-toto DigestSet (attestation spec/v1/digest_set.md): algorithm name to digest value.
 * Hash algorithms the spec lists must be lowercase hex of their output size, so a
 * truncated or padded digest is refused rather than silently never matching; other
 * names (gitCommit, dirHash and friends) are kept as opaque strings.
 */

/** Hex length of each hash the spec names; values of other algorithms are not checked. */
const HEX_LENGTHS: Readonly<Record<string, number>> = {
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha512_224: 56,
  sha512_256: 64,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
  sha1: 40,
  md5: 32,
};

/** Digest values are hashes: anything longer is hostile. */
const MAX_VALUE_LENGTH = 1024;

/** The problem with `value` as a DigestSet and the sub-path it is at, or undefined. */
export function checkDigestSet(value: unknown): { path: string; problem: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { path: '', problem: 'must be an object of algorithm to hex digest' };
  const entries = Object.entries(value);
  if (entries.length === 0) return { path: '', problem: 'must name at least one digest' };
  for (const [name, digest] of entries) {
    const path = `.${name}`;
    if (typeof digest !== 'string' || digest === '')
      return { path, problem: 'must be a non-empty string' };
    if (digest.length > MAX_VALUE_LENGTH)
      return { path, problem: `is longer than ${MAX_VALUE_LENGTH} characters` };
    const length = HEX_LENGTHS[name];
    if (length !== undefined && (digest.length !== length || !/^[0-9a-fA-F]+$/.test(digest)))
      return { path, problem: `must be ${length} hex digits` };
  }
  return undefined;
}
