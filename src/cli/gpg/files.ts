/**
 * Reading the small files the GPG commands are given (keys, keyrings, passphrases, tokens)
 * through the CLI's one bounded reader, so an unreadable GPG key is CLI_FILE_UNREADABLE
 * (exit 3) exactly as an unreadable cosign key or CA file is.
 */
import { readCliFileBytes } from '../read-text-file.js';

/** Keyrings may hold many keys (16 MiB as loadKeyring allows); passphrases and tokens are tiny. */
export const MAX_CLI_FILE_BYTES = 16 * 1024 * 1024;

export function readCliFile(path: string, what: string): Promise<Uint8Array> {
  return readCliFileBytes(path, { what, maxBytes: MAX_CLI_FILE_BYTES });
}

/** The first line of a secret file (passphrase, token), without its line break. Never logged. */
export async function readSecretLine(path: string, what: string): Promise<string> {
  const text = new TextDecoder().decode(await readCliFile(path, what));
  return text.split(/\r?\n/)[0] ?? '';
}
