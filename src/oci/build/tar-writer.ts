/**
 * A minimal POSIX ustar writer (POSIX.1-2001 pax "ustar Interchange Format"): regular
 * files and directories, names up to 100 bytes, sizes below 8 GiB. Enough for the small
 * random layers the image builder makes; every field is written the way GNU tar reads it.
 */
import { buildError } from './errors.js';

export interface TarEntry {
  /** Relative path; directories end with `/`. */
  readonly name: string;
  /** Absent for directories. */
  readonly content?: Uint8Array;
  /** Permission bits; default 0o644 for files, 0o755 for directories. */
  readonly mode?: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

const BLOCK = 512;
const encoder = new TextEncoder();

/** `value` as zero-padded octal of `width - 1` digits followed by NUL. */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function put(header: Uint8Array, offset: number, text: string): void {
  header.set(encoder.encode(text), offset);
}

function headerFor(entry: TarEntry, size: number): Uint8Array {
  const name = encoder.encode(entry.name);
  // The writer only ever sees names the builder chose; anything else is a programming error.
  if (
    name.length === 0 ||
    name.length > 100 ||
    entry.name.startsWith('/') ||
    entry.name.split('/').includes('..')
  ) {
    throw buildError(
      'BUILD_OPTIONS_INVALID',
      `tar entry name "${entry.name.slice(0, 120)}" must be a relative path of 1 to 100 bytes`,
    );
  }
  const directory = entry.content === undefined;
  const header = new Uint8Array(BLOCK);
  header.set(name, 0);
  put(header, 100, octal(entry.mode ?? (directory ? 0o755 : 0o644), 8));
  put(header, 108, octal(0, 8)); // uid
  put(header, 116, octal(0, 8)); // gid
  put(header, 124, octal(size, 12));
  put(header, 136, octal(entry.mtime, 12));
  put(header, 148, '        '); // checksum counts as spaces while it is computed
  put(header, 156, directory ? '5' : '0');
  put(header, 257, 'ustar\u000000');
  put(header, 265, 'root');
  put(header, 297, 'root');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(header, 148, checksum.toString(8).padStart(6, '0') + '\0 ');
  return header;
}

/** The archive: each entry's header and content padded to 512 bytes, then two zero blocks. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const entry of entries) {
    const content = entry.content ?? new Uint8Array(0);
    const header = headerFor(entry, content.byteLength);
    const padded = Math.ceil(content.byteLength / BLOCK) * BLOCK;
    parts.push(header, content, new Uint8Array(padded - content.byteLength));
    total += BLOCK + padded;
  }
  parts.push(new Uint8Array(2 * BLOCK));
  total += 2 * BLOCK;
  const archive = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    archive.set(part, offset);
    offset += part.byteLength;
  }
  return archive;
}
