/**
 * A streaming, bounded tar reader (POSIX.1-2001 ustar and pax, GNU long names and sparse
 * files) for image layers, which are untrusted. Entries are yielded one at a time with
 * their body still in the stream: the consumer reads it (bounded) or leaves it, and the
 * reader skips what was not read. Nothing is written to disk. Every header is checksummed,
 * pax and GNU long-name headers are size-capped, and the number of entries is capped.
 * Names are normalised as containerd applies layers (a leading `/` and `..` above the root
 * stay at the root), so a hostile name can never point outside the image's file system.
 */
import { sbomError } from '../errors.js';
import { ChunkReader } from './chunk-reader.js';

const BLOCK = 512;
/** pax and GNU long-name headers hold names and a few numbers; 1 MiB is far above any real one. */
const MAX_META_BYTES = 1024 * 1024;

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Normalised path without a leading `/`, never containing `..` or `.` segments. */
  readonly path: string;
  readonly type: TarEntryType;
  /** Bytes of body in the stream. */
  readonly size: number;
  readonly mode: number;
  readonly linkTarget?: string;
  /** Whether the stored name had to be clamped (absolute, or `..` above the root). */
  readonly clamped: boolean;
  /** Reads the body when it is at most `maxBytes` long; undefined otherwise (left for skipping). */
  readBody(maxBytes: number): Promise<Uint8Array | undefined>;
  /** Streams the body piece by piece (for a scan of a large file); each piece is valid only during the call. */
  scanBody(visit: (piece: Uint8Array) => void): Promise<void>;
}

export interface TarLimits {
  readonly maxEntries: number;
}

export async function* readTarEntries(
  source: AsyncIterator<Uint8Array>,
  limits: TarLimits,
  what: string,
): AsyncGenerator<TarEntry> {
  const reader = new ChunkReader(source);
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let entries = 0;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.byteLength === 0) return; // a stream without end-of-archive blocks, as some writers leave
    if (header.byteLength < BLOCK)
      throw invalid(what, reader.position, 'the archive ends inside a header');
    if (header.every((byte) => byte === 0)) return;
    checkChecksum(header, what, reader.position);
    if (++entries > limits.maxEntries) {
      throw sbomError(
        'SBOM_LAYER_TOO_LARGE',
        `${what} has more than ${limits.maxEntries} tar entries; refusing it as a tar bomb`,
      );
    }
    const flag = String.fromCharCode(header[156]!);
    const size = pax.size !== undefined ? Number(pax.size) : numberField(header, 124, 12, what);
    if (!Number.isSafeInteger(size) || size < 0)
      throw invalid(what, reader.position, 'an entry size is not a number');
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META_BYTES) {
        throw sbomError(
          'SBOM_LAYER_TOO_LARGE',
          `${what} has a ${size}-byte tar extension header, over the ${MAX_META_BYTES}-byte limit`,
        );
      }
      const body = await readPadded(reader, size, what);
      if (flag === 'x') pax = { ...pax, ...parsePax(body, what) };
      else if (flag === 'g') globalPax = { ...globalPax, ...parsePax(body, what) };
      else if (flag === 'L') longName = cString(body);
      else longLink = cString(body);
      continue;
    }
    if (flag === 'S') await skipGnuSparseExtensions(reader, header, what);
    const fields = { ...globalPax, ...pax };
    const ustar = decode(header.subarray(257, 263)) === 'ustar\0';
    const prefix = ustar ? cString(header.subarray(345, 500)) : '';
    const stored =
      fields['GNU.sparse.name'] ??
      fields.path ??
      longName ??
      (prefix === '' ? '' : `${prefix}/`) + cString(header.subarray(0, 100));
    const link = fields.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    pax = {};
    longName = undefined;
    longLink = undefined;
    if (flag === 'x' || flag === 'g') continue;
    const { path, clamped } = normalisePath(stored);
    const type = typeOf(flag, stored);
    let left = size;
    const entry: TarEntry = {
      path,
      type,
      size,
      mode: numberField(header, 100, 8, what),
      ...(type === 'symlink' || type === 'hardlink' ? { linkTarget: link } : {}),
      clamped,
      readBody: async (maxBytes) => {
        if (left !== size || size > maxBytes) return undefined;
        left = 0;
        const body = await reader.read(size);
        if (body.byteLength < size)
          throw invalid(what, reader.position, `the body of ${path} is truncated`);
        return body;
      },
      scanBody: async (visit) => {
        if (left !== size) return;
        left = 0;
        const seen = await reader.forEachPiece(size, visit);
        if (seen < size) throw invalid(what, reader.position, `the body of ${path} is truncated`);
      },
    };
    yield entry;
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const skipped = await reader.skip(left + padding);
    if (skipped < left) throw invalid(what, reader.position, `the body of ${path} is truncated`);
  }
}

function typeOf(flag: string, name: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
    case 'S':
      return name.endsWith('/') && flag === '\0' ? 'directory' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** Path segments resolved lexically against the root, as containerd's applier does. */
export function normalisePath(name: string): { path: string; clamped: boolean } {
  const parts: string[] = [];
  let clamped = name.startsWith('/');
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) clamped = true;
      parts.pop();
      continue;
    }
    parts.push(segment);
  }
  return { path: parts.join('/'), clamped };
}

async function readPadded(reader: ChunkReader, size: number, what: string): Promise<Uint8Array> {
  const body = await reader.read(size);
  if (body.byteLength < size)
    throw invalid(what, reader.position, 'an extension header is truncated');
  await reader.skip((BLOCK - (size % BLOCK)) % BLOCK);
  return body;
}

/** Old GNU sparse headers continue in extension blocks not counted in the size (GNU tar manual, "Old GNU Format"). */
async function skipGnuSparseExtensions(
  reader: ChunkReader,
  header: Uint8Array,
  what: string,
): Promise<void> {
  let extended = header[482] !== 0;
  let blocks = 0;
  while (extended) {
    if (++blocks > 4096)
      throw sbomError('SBOM_LAYER_TOO_LARGE', `${what} has a sparse file map of over 4096 blocks`);
    const block = await reader.read(BLOCK);
    if (block.byteLength < BLOCK) throw invalid(what, reader.position, 'a sparse map is truncated');
    extended = block[504] !== 0;
  }
}

/** pax records: "<length> <key>=<value>\n" (POSIX.1-2001 pax, "pax Extended Header"). */
function parsePax(body: Uint8Array, what: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let offset = 0;
  while (offset < body.byteLength) {
    const space = body.indexOf(0x20, offset);
    const length = space < 0 ? NaN : Number(decode(body.subarray(offset, space)));
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > body.byteLength) {
      throw invalid(what, offset, 'a pax extended header record is malformed');
    }
    const record = decode(body.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) fields[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return fields;
}

function checkChecksum(header: Uint8Array, what: string, position: number): void {
  const recorded = parseOctal(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  if (recorded !== unsigned && recorded !== signed) {
    throw invalid(
      what,
      position,
      'a tar header checksum does not match (not a tar stream, or corrupt)',
    );
  }
}

/** Octal, or GNU base-256 when the high bit of the first byte is set (sizes of 8 GiB and more). */
function numberField(header: Uint8Array, offset: number, length: number, what: string): number {
  const field = header.subarray(offset, offset + length);
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + field[i]!;
    if (!Number.isSafeInteger(value)) throw invalid(what, offset, 'a base-256 number is too large');
    return value;
  }
  return parseOctal(field);
}

function parseOctal(field: Uint8Array): number {
  const text = decode(field).replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function invalid(what: string, position: number, reason: string) {
  return sbomError(
    'SBOM_LAYER_INVALID',
    `${what} is not a valid tar stream near byte ${position}: ${reason}`,
  );
}
