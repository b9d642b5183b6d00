/**
 * Where random layer content comes from. Seeded sources give the same bytes, hence the
 * same digests, on every run (reproducible test images); the default is the system CSPRNG.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Returns `length` random bytes. */
export type RandomSource = (length: number) => Uint8Array;

/**
 * A deterministic stream: SHA-256 of seed and a block counter (not for secrets, only for
 * reproducible content).
 */
export function seededRandom(seed: string | number): RandomSource {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (length) => {
    const blocks: Buffer[] = [pool];
    let have = pool.length;
    while (have < length) {
      const block = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
      blocks.push(block);
      have += block.length;
    }
    const all = Buffer.concat(blocks);
    pool = all.subarray(length);
    return new Uint8Array(all.subarray(0, length));
  };
}

export const systemRandom: RandomSource = (length) => new Uint8Array(randomBytes(length));

export function randomSourceOf(option: RandomSource | string | number | undefined): RandomSource {
  if (option === undefined) return systemRandom;
  return typeof option === 'function' ? option : seededRandom(option);
}
