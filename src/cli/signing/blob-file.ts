/** Reads the file a blob command signs or verifies, bounded. */
import { stat, readFile } from 'node:fs/promises';
import { cliError } from '../errors.js';

/**
 * Blobs are read whole (Ed25519ph and the signature APIs need the bytes in memory). 1 GiB
 * covers release archives and SBOMs; larger artefacts should be signed by digest.
 */
export const MAX_BLOB_BYTES = 1024 * 1024 * 1024;

export async function readBlobFile(path: string): Promise<Uint8Array> {
  try {
    const { size } = await stat(path);
    if (size > MAX_BLOB_BYTES)
      throw new Error(`${size} bytes exceed the ${MAX_BLOB_BYTES}-byte limit`);
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw cliError('CLI_FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
