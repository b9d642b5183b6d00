/**
 * Reads a file named on the command line (a CA bundle, a pull secret, a key, a keyring, a
 * token, a checkpoint). Every command reads such files through here so that a missing,
 * unreadable or oversized file is the same error everywhere: CLI_FILE_UNREADABLE (exit 3),
 * naming the file and the reason. Bounded, since the path may point anywhere.
 */
import { open } from 'node:fs/promises';
import { isSignetError } from '../core/errors.js';
import { cliError } from './errors.js';

/** Files given to commands are keys, certificates and small documents; 16 MiB is generous. */
export const MAX_CLI_TEXT_FILE_BYTES = 16 * 1024 * 1024;

export interface CliFileOptions {
  /** What the file is for, in the message: `keyring`, `--ca-file`. */
  readonly what?: string;
  /** Largest size accepted; defaults to MAX_CLI_TEXT_FILE_BYTES. */
  readonly maxBytes?: number;
}

export async function readCliFileBytes(
  path: string,
  options: CliFileOptions = {},
): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_CLI_TEXT_FILE_BYTES;
  const named = options.what === undefined ? path : `the ${options.what} ${path}`;
  try {
    // One open handle for the size check and the read, so the file cannot grow in between.
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        throw cliError(
          'CLI_FILE_UNREADABLE',
          `cannot read ${named}: it is ${size} bytes, over the ${maxBytes}-byte limit for this file`,
        );
      }
      const bytes = new Uint8Array(size);
      const { bytesRead } = await handle.read(bytes, 0, size, 0);
      return bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isSignetError(error)) throw error;
    throw cliError('CLI_FILE_UNREADABLE', `cannot read ${named}: ${reasonFor(error)}`, {
      cause: error,
      details: { file: path },
    });
  }
}

export async function readTextFile(path: string, options: CliFileOptions = {}): Promise<string> {
  return new TextDecoder().decode(await readCliFileBytes(path, options));
}

/** The file system's reason in words; the raw message repeats the path and the syscall. */
function reasonFor(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
