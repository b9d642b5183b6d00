/**
 * Reads a text file named on the command line (a CA bundle, a pull secret, a public key,
 * a checkpoint). Bounded, since the path may point anywhere; failures name the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { cliError } from './errors.js';

/** Files given to commands are keys, certificates and small documents; 16 MiB is generous. */
export const MAX_CLI_TEXT_FILE_BYTES = 16 * 1024 * 1024;

export async function readTextFile(path: string): Promise<string> {
  try {
    const { size } = await stat(path);
    if (size > MAX_CLI_TEXT_FILE_BYTES) {
      throw cliError(
        'CLI_FILE_UNREADABLE',
        `${path} is ${size} bytes, over the ${MAX_CLI_TEXT_FILE_BYTES}-byte limit for files given to signet`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'CLI_FILE_UNREADABLE') throw error;
    throw cliError('CLI_FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
