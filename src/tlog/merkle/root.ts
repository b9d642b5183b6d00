/**
 * MTH(D[n]) of RFC 6962 section 2.1 over a list of leaf hashes, computed in one pass.
 */
import { merkleError } from './errors.js';
import { HASH_SIZE, emptyRoot, nodeHash } from './hashes.js';

/**
 * The root of the tree whose leaves have the given hashes (leafHash of each entry), for
 * any size including 0 (the hash of the empty string).
 *
 * Why a stack instead of the recursive definition: the tree of n leaves is a row of
 * perfect subtrees of decreasing size (the binary digits of n), merged right to left.
 * Pushing leaves and merging equal-sized neighbours builds that row in O(n) hashes and
 * O(log n) memory, with the same result as the recursion (checked by property tests).
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
  const stack: { hash: Uint8Array; leaves: number }[] = [];
  leafHashes.forEach((hash, index) => {
    if (hash.length !== HASH_SIZE) {
      throw merkleError(
        'TLOG_PROOF_REQUEST_INVALID',
        `leaf hash ${index} has ${hash.length} bytes, expected ${HASH_SIZE}`,
      );
    }
    let top = { hash, leaves: 1 };
    for (;;) {
      const previous = stack.at(-1);
      if (previous === undefined || previous.leaves !== top.leaves) break;
      stack.pop();
      top = { hash: nodeHash(previous.hash, top.hash), leaves: previous.leaves * 2 };
    }
    stack.push(top);
  });
  let root = stack.pop()!.hash;
  for (let i = stack.length - 1; i >= 0; i--) root = nodeHash(stack[i]!.hash, root);
  return root;
}
