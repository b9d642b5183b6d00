/**
 * Lookaside signatures in a local folder (`file://` bases, and the disk of Signet's
 * signature server). Writing never overwrites and never leaves a gap: the signature is
 * written to a private temporary file, then hard-linked to the first free
 * `signature-N`. link(2) fails with EEXIST when another writer took N first, so concurrent
 * writers each get their own N and readers never see a half-written file.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, isSignetError } from '../../core/errors.js';
import { lookasideError } from './errors.js';
import { MAX_LOOKASIDE_SIGNATURES } from './layout.js';

/** containers/image reads at most this much per signature (iolimits.maxSignatureBodySize). */
export const MAX_LOOKASIDE_SIGNATURE_BYTES = 4 * 1024 * 1024;

const signatureName = (index: number) => `signature-${index}`;

/** Reads `signature-N` or returns undefined when it does not exist. */
export async function readSignatureFile(
  folder: string,
  index: number,
): Promise<Uint8Array | undefined> {
  const path = join(folder, signatureName(index));
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw readFailed(path, error);
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_LOOKASIDE_SIGNATURE_BYTES) {
      throw lookasideError(
        'LOOKASIDE_READ_FAILED',
        `${path} has ${size} bytes, more than a signature may have (${MAX_LOOKASIDE_SIGNATURE_BYTES}); remove it`,
      );
    }
    const bytes = new Uint8Array(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return bytes.subarray(0, bytesRead);
  } catch (error) {
    throw isSignetError(error) ? error : readFailed(path, error);
  } finally {
    await handle.close();
  }
}

/** Every signature of a folder, from signature-1 up to the first missing one. */
export async function readSignatureFolder(folder: string): Promise<Uint8Array[]> {
  const found: Uint8Array[] = [];
  for (let index = 1; ; index++) {
    // As containers/image: signature-128 is still read; only its presence makes the store broken.
    if (index > MAX_LOOKASIDE_SIGNATURES + 1) throw tooMany(folder);
    const bytes = await readSignatureFile(folder, index);
    if (bytes === undefined) return found;
    found.push(bytes);
  }
}

export type PlaceSignature =
  | { readonly kind: 'next-free' }
  /** Exactly this N: refused if it exists or if N-1 does not (a gap would hide it). */
  | { readonly kind: 'exact'; readonly index: number };

export type PlaceResult =
  | { readonly kind: 'written'; readonly index: number; readonly path: string }
  | { readonly kind: 'taken'; readonly index: number }
  | { readonly kind: 'gap'; readonly index: number }
  | { readonly kind: 'full' };

/** Adds one signature to a folder (created if needed); never overwrites. */
export async function placeSignatureFile(
  folder: string,
  bytes: Uint8Array,
  where: PlaceSignature = { kind: 'next-free' },
): Promise<PlaceResult> {
  try {
    await mkdir(folder, { recursive: true, mode: 0o755 });
    const temporary = join(folder, `.upload-${randomBytes(12).toString('hex')}`);
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      return await linkInto(folder, temporary, where);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  } catch (error) {
    throw lookasideError(
      'LOOKASIDE_WRITE_FAILED',
      `cannot write a signature into ${folder}: ${describeError(error)}; check that the folder is writable`,
      { cause: error },
    );
  }
}

async function linkInto(
  folder: string,
  temporary: string,
  where: PlaceSignature,
): Promise<PlaceResult> {
  if (where.kind === 'exact') {
    if (where.index > MAX_LOOKASIDE_SIGNATURES) return { kind: 'full' };
    if (where.index > 1 && (await readSignatureFile(folder, where.index - 1)) === undefined) {
      return { kind: 'gap', index: where.index };
    }
    const path = join(folder, signatureName(where.index));
    return (await tryLink(temporary, path))
      ? { kind: 'written', index: where.index, path }
      : { kind: 'taken', index: where.index };
  }
  for (let index = 1; index <= MAX_LOOKASIDE_SIGNATURES; index++) {
    const path = join(folder, signatureName(index));
    if (await tryLink(temporary, path)) return { kind: 'written', index, path };
  }
  return { kind: 'full' };
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Raised as containers/image does, without looking further: a store this full is broken. */
export function tooMany(where: string) {
  return lookasideError(
    'LOOKASIDE_READ_FAILED',
    `${where} holds more than ${MAX_LOOKASIDE_SIGNATURES} signatures, which containers/image refuses to read; prune it`,
  );
}

function readFailed(path: string, error: unknown) {
  return lookasideError('LOOKASIDE_READ_FAILED', `cannot read ${path}: ${describeError(error)}`, {
    cause: error,
  });
}
