/**
 * An inclusion proof states its root hash twice: in `rootHash` and in the signed
 * checkpoint. @sigstore/verify recomputes the root from the leaf and checks it against
 * the checkpoint only, so a `rootHash` that disagrees goes unnoticed. A bundle that
 * contradicts itself is refused (transparency-dev's checkpoint format: origin, size,
 * base64 root hash, then optional lines, then a blank line and signatures).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { errorFactory } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

export function checkProofRoots(bundle: Bundle, what: string): void {
  bundle.verificationMaterial.tlogEntries.forEach((entry, index) => {
    const proof = entry.inclusionProof;
    if (proof?.checkpoint === undefined) return;
    const lines = proof.checkpoint.envelope.split('\n');
    const root = Buffer.from(lines[2] ?? '', 'base64');
    const size = lines[1] ?? '';
    const stated = Buffer.from(proof.rootHash);
    if (root.length !== stated.length || !timingSafeEqual(root, stated)) {
      throw fail(
        'SIGSTORE_BUNDLE_UNVERIFIED',
        `${what}: log entry ${index}: the inclusion proof's root hash differs from its checkpoint's`,
      );
    }
    if (size !== String(proof.treeSize)) {
      throw fail(
        'SIGSTORE_BUNDLE_UNVERIFIED',
        `${what}: log entry ${index}: the inclusion proof's tree size ${String(proof.treeSize)} differs from its checkpoint's ${size}`,
      );
    }
  });
}
