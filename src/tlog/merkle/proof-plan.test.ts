import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decomposeInclusionProof } from './chain.js';
import { subtreesOf, type ProofPlan } from './hash-source.js';
import { consistencyProofPlan, inclusionProofPlan } from './proof-plan.js';

/** The proof length the verifier demands (RFC 9162 2.1.3.2), for any size up to 2^53. */
function verifierInclusionLength(index: number, size: number): number {
  const { inner, border } = decomposeInclusionProof(BigInt(index), BigInt(size));
  return inner + border;
}

/** The proof length the verifier demands (RFC 9162 2.1.4.2). */
function verifierConsistencyLength(size1: number, size2: number): number {
  const m = BigInt(size1);
  const { inner, border } = decomposeInclusionProof(m - 1n, BigInt(size2));
  let shift = 0;
  while ((m >> BigInt(shift)) % 2n === 0n) shift += 1;
  const seededByRoot1 = m === 1n << BigInt(shift);
  return (seededByRoot1 ? 0 : 1) + inner - shift + border;
}

/** Every subtree is aligned and lies inside the tree; rows shrink left to right. */
function assertWellFormed(plan: ProofPlan, size: number): void {
  for (const row of plan) {
    assert.ok(row.length > 0);
    row.forEach((id, i) => {
      const width = 2 ** id.level;
      assert.equal(id.start % width, 0, `subtree ${id.start}/${id.level} is unaligned`);
      assert.ok(id.start + width <= size, `subtree ${id.start}/${id.level} exceeds ${size}`);
      if (i > 0) assert.ok(id.level < row[i - 1]!.level);
    });
  }
}

const totalLookups = (plan: ProofPlan) => plan.reduce((sum, row) => sum + row.length, 0);
const safeSize = fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER });

describe('proof plans', () => {
  it('have the length the verifier expects for inclusion, at any size up to 2^53', () => {
    fc.assert(
      fc.property(safeSize, fc.double({ min: 0, max: 1, noNaN: true }), (size, fraction) => {
        const index = Math.min(size - 1, Math.floor(fraction * size));
        const plan = inclusionProofPlan(index, size);
        assert.equal(plan.length, verifierInclusionLength(index, size));
        assertWellFormed(plan, size);
      }),
    );
  });

  it('have the length the verifier expects for consistency, at any size up to 2^53', () => {
    fc.assert(
      fc.property(safeSize, fc.double({ min: 0, max: 1, noNaN: true }), (size2, fraction) => {
        const size1 = Math.max(1, Math.min(size2 - 1, Math.floor(fraction * size2)));
        const plan = consistencyProofPlan(size1, size2);
        assert.equal(plan.length, verifierConsistencyLength(size1, size2));
        assertWellFormed(plan, size2);
      }),
    );
  });

  it('need O(log n) stored hashes at 1,000,000 leaves', () => {
    const size = 1_000_000;
    for (const index of [0, 1, 524_287, 524_288, 999_998, 999_999]) {
      const lookups = totalLookups(inclusionProofPlan(index, size));
      assert.ok(lookups <= 2 * 20, `leaf ${index}: ${lookups} lookups`);
    }
    for (const size1 of [1, 3, 524_288, 524_289, 999_999]) {
      const lookups = totalLookups(consistencyProofPlan(size1, size));
      assert.ok(lookups <= 2 * 20 + 2, `from ${size1}: ${lookups} lookups`);
    }
  });

  it('lists each needed subtree once for batched fetching', () => {
    const plan = consistencyProofPlan(3, 7);
    const ids = subtreesOf(plan);
    assert.equal(new Set(ids.map((id) => `${id.level}/${id.start}`)).size, ids.length);
    assert.equal(ids.length, totalLookups(plan));
  });
});
