/** Reading the small files the GPG commands are given (keys, passphrases, tokens), bounded. */
import { open } from 'node:fs/promises';
import { describeError } from '../../core/errors.js';
import { gpgCliError } from './errors.js';

/** Keyrings may hold many keys (16 MiB as loadKeyring allows); passphrases and tokens are tiny. */
export const MAX_CLI_FILE_BYTES = 16 * 1024 * 1024;

export async function readCliFile(path: string, what: string): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_CLI_FILE_BYTES)
        throw new Error(`it has ${size} bytes, more than ${MAX_CLI_FILE_BYTES}`);
      const bytes = new Uint8Array(size);
      const { bytesRead } = await handle.read(bytes, 0, size, 0);
      return bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw gpgCliError(
      'GPG_FILE_UNREADABLE',
      `cannot read the ${what} ${path}: ${describeError(error)}`,
      { cause: error },
    );
  }
}

/** The first line of a secret file (passphrase, token), without its line break. Never logged. */
export async function readSecretLine(path: string, what: string): Promise<string> {
  const text = new TextDecoder().decode(await readCliFile(path, what));
  return text.split(/\r?\n/)[0] ?? '';
}
