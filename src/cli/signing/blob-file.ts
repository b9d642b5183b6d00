/** Reads the file a blob command signs or verifies, bounded. */
import { createHash } from 'node:crypto';
import { stat, readFile } from 'node:fs/promises';
import { cliError } from '../errors.js';
import { readCliFileBytes } from '../read-text-file.js';

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

/** Files attested are artifacts (binaries, archives); the statement holds only their digest. */
const MAX_ATTESTED_BLOB_BYTES = 4 * 1024 * 1024 * 1024;

/** `sha256:<hex>` of a file `attest-blob` attests or `verify-blob-attestation` checks. */
export async function attestedBlobDigest(path: string, what: string): Promise<string> {
  const blob = await readCliFileBytes(path, { what, maxBytes: MAX_ATTESTED_BLOB_BYTES });
  return `sha256:${createHash('sha256').update(blob).digest('hex')}`;
}
