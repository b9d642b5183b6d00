/**
 * A minimal, strictly bounded OpenPGP packet reader (RFC 4880 §4.2, §5.6), for the signed
 * messages openpgp.js 6 refuses to read: those holding a version 3 signature packet, which
 * it also finds before openpgp.js is asked (v3-message.ts).
 *
 * Every length in the stream is attacker-controlled. Each one is checked against the bytes
 * actually present before anything is sliced or allocated, so no claim can make the reader
 * allocate or loop beyond the size of its input, and decompression has an explicit cap.
 */
import { inflateRawSync, inflateSync } from 'node:zlib';

/** RFC 4880 §4.3 packet tags this reader names. */
export const PacketTag = {
  Signature: 2,
  OnePassSignature: 4,
  CompressedData: 8,
  LiteralData: 11,
} as const;

/** A malformed packet stream, or (`unsupported`) a well-formed feature this reader lacks. */
export class PacketFormatError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, options: { unsupported?: boolean } = {}) {
    super(message);
    this.name = 'PacketFormatError';
    this.unsupported = options.unsupported ?? false;
  }
}

export interface Packet {
  readonly tag: number;
  /** The packet body; partial-length chunks (§4.2.2.4) are joined. */
  readonly body: Uint8Array;
}

/** A simple signature has three packets; a few more leave room for a clear grammar error. */
export const MAX_PACKETS = 8;

/** Only data packets may use partial body lengths (RFC 4880 §4.2.2.4). */
const PARTIAL_LENGTH_TAGS: ReadonlySet<number> = new Set([
  PacketTag.CompressedData,
  PacketTag.LiteralData,
]);

/** Splits `bytes` into packets; the whole input must be packets, nothing left over. */
export function readPackets(bytes: Uint8Array): Packet[] {
  return [...eachPacket(bytes)];
}

/**
 * The packets of `bytes` in order, each read only when asked for: a caller looking for one
 * packet stops there, as a streaming reader (openpgp.js) would, without judging the rest.
 */
export function* eachPacket(bytes: Uint8Array): Generator<Packet, void, undefined> {
  let count = 0;
  let at = 0;
  while (at < bytes.length) {
    if (count === MAX_PACKETS) {
      throw new PacketFormatError(`more than ${MAX_PACKETS} packets`);
    }
    const header = bytes[at]!;
    // Bit 7 is always set in a packet header (§4.2); anything else is not OpenPGP.
    if ((header & 0x80) === 0) {
      throw new PacketFormatError(`byte ${at} is not an OpenPGP packet header`);
    }
    const read =
      (header & 0x40) === 0 ? readOldFormat(bytes, at, header) : readNewFormat(bytes, at, header);
    count += 1;
    at = read.next;
    yield read.packet;
  }
}

type Read = { readonly packet: Packet; readonly next: number };

/** §4.2.1: tag in bits 5-2, length type in bits 1-0 (1, 2 or 4 octets, or indeterminate). */
function readOldFormat(bytes: Uint8Array, offset: number, header: number): Read {
  const tag = (header >> 2) & 0x0f;
  const lengthType = header & 0x03;
  const start = offset + 1;
  if (lengthType === 3) {
    // Indeterminate length: the packet runs to the end of the input (gpg writes its
    // compressed packet this way), so it can only be the last one.
    return { packet: { tag, body: bytes.subarray(start) }, next: bytes.length };
  }
  const size = lengthType === 0 ? 1 : lengthType === 1 ? 2 : 4;
  return slice(bytes, tag, start + size, readUnsigned(bytes, start, size));
}

/** §4.2.2: tag in bits 5-0, then one or more length octets. */
function readNewFormat(bytes: Uint8Array, offset: number, header: number): Read {
  const tag = header & 0x3f;
  // Two passes over the chunk headers, so that a body split into many tiny partial chunks
  // costs one allocation of at most the input size, not one object per chunk.
  const { total, next } = walkChunks(bytes, offset + 1, tag);
  const body = new Uint8Array(total);
  walkChunks(bytes, offset + 1, tag, body);
  return { packet: { tag, body }, next };
}

function walkChunks(bytes: Uint8Array, from: number, tag: number, into?: Uint8Array) {
  let at = from;
  let total = 0;
  for (;;) {
    const first = readUnsigned(bytes, at, 1);
    let length: number;
    let partial = false;
    if (first < 192) {
      length = first;
      at += 1;
    } else if (first < 224) {
      length = ((first - 192) << 8) + readUnsigned(bytes, at + 1, 1) + 192;
      at += 2;
    } else if (first === 255) {
      length = readUnsigned(bytes, at + 1, 4);
      at += 5;
    } else {
      if (!PARTIAL_LENGTH_TAGS.has(tag)) {
        throw new PacketFormatError(`packet of tag ${tag} uses a partial body length`);
      }
      length = 2 ** (first & 0x1f);
      partial = true;
      at += 1;
    }
    if (length > bytes.length - at) {
      throw new PacketFormatError(
        `packet of tag ${tag} claims ${length} more bytes but only ${bytes.length - at} remain`,
      );
    }
    into?.set(bytes.subarray(at, at + length), total);
    total += length;
    at += length;
    if (!partial) return { total, next: at };
  }
}

function slice(bytes: Uint8Array, tag: number, start: number, length: number): Read {
  if (length > bytes.length - start) {
    throw new PacketFormatError(
      `packet of tag ${tag} claims ${length} bytes but only ${bytes.length - start} remain`,
    );
  }
  return { packet: { tag, body: bytes.subarray(start, start + length) }, next: start + length };
}

/** A big-endian unsigned integer of 1 to 4 bytes; arithmetic, so 2^31 and up stay positive. */
export function readUnsigned(bytes: Uint8Array, at: number, size: number): number {
  if (at + size > bytes.length) throw new PacketFormatError(`truncated at byte ${bytes.length}`);
  let value = 0;
  for (let index = 0; index < size; index += 1) value = value * 256 + bytes[at + index]!;
  return value;
}

/**
 * The content of a compressed data packet (§5.6): uncompressed, ZIP (raw deflate) or ZLIB,
 * expanding to at most `maxBytes` so that a compression bomb stops before any check.
 */
export function decompress(body: Uint8Array, maxBytes: number): Uint8Array {
  const algorithm = readUnsigned(body, 0, 1);
  const data = body.subarray(1);
  if (algorithm === 0) {
    if (data.length > maxBytes) throw tooLarge(maxBytes);
    return data;
  }
  if (algorithm !== 1 && algorithm !== 2) {
    throw new PacketFormatError(
      `compression algorithm ${algorithm} (only uncompressed, ZIP and ZLIB are read)`,
      { unsupported: true },
    );
  }
  try {
    const inflate = algorithm === 1 ? inflateRawSync : inflateSync;
    return new Uint8Array(inflate(data, { maxOutputLength: maxBytes }));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw new PacketFormatError(`compressed data is corrupt (${(error as Error).message})`);
  }
}

function tooLarge(maxBytes: number): PacketFormatError {
  return new PacketFormatError(`compressed data expands beyond ${maxBytes} bytes`);
}
