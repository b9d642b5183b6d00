/**
 * A small, bounded CBOR (RFC 8949) encoder and decoder: exactly what a COSE_Sign1 envelope
 * (RFC 9052) of the Notary Project needs, and nothing more. Definite lengths only, no
 * floats, no indefinite-length items; integers up to 2^53 (times and COSE labels). The
 * decoder reads attacker-controlled bytes: depth, item count and total size are bounded,
 * every length is checked against what is left, and trailing bytes are refused.
 */
import { notationError } from './errors.js';

export type CborValue =
  number | string | Uint8Array | boolean | null | readonly CborValue[] | CborMap | CborTagged;

/** Maps keep insertion order and allow integer or text keys (COSE labels). */
export class CborMap {
  constructor(readonly entries: readonly (readonly [number | string, CborValue])[]) {}
  get(key: number | string): CborValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}

export class CborTagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

/** Nesting a COSE header ever needs is 3; 16 leaves room and stops stack exhaustion. */
const MAX_DEPTH = 16;
/** Items in one array or map: a certificate chain of 64 is already absurd. */
const MAX_ITEMS = 1024;

export function encodeCbor(value: CborValue): Uint8Array {
  const parts: Uint8Array[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function head(major: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('CBOR length out of range');
  const m = major << 5;
  if (length < 24) return Uint8Array.of(m | length);
  if (length < 0x100) return Uint8Array.of(m | 24, length);
  if (length < 0x10000) return Uint8Array.of(m | 25, length >> 8, length & 0xff);
  if (length < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(length), 1);
  return b;
}

function write(value: CborValue, out: Uint8Array[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('only safe integers are encoded');
    out.push(value >= 0 ? head(0, value) : head(1, -1 - value));
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(head(3, bytes.length), bytes);
  } else if (value instanceof Uint8Array) {
    out.push(head(2, value.length), value);
  } else if (typeof value === 'boolean') {
    out.push(Uint8Array.of(value ? 0xf5 : 0xf4));
  } else if (value === null) {
    out.push(Uint8Array.of(0xf6));
  } else if (value instanceof CborMap) {
    out.push(head(5, value.entries.length));
    for (const [k, v] of value.entries) {
      write(k, out);
      write(v, out);
    }
  } else if (value instanceof CborTagged) {
    out.push(head(6, value.tag));
    write(value.value, out);
  } else {
    out.push(head(4, value.length));
    for (const item of value) write(item, out);
  }
}

/** Decodes exactly one item spanning all of `bytes`; `what` names the data in errors. */
export function decodeCbor(bytes: Uint8Array, what: string): CborValue {
  const reader = { bytes, offset: 0, what };
  const value = read(reader, 0);
  if (reader.offset !== bytes.length) throw malformed(reader, 'trailing bytes after the item');
  return value;
}

interface Reader {
  readonly bytes: Uint8Array;
  offset: number;
  readonly what: string;
}

function malformed(r: Reader, problem: string) {
  return notationError(
    'NOTATION_ENVELOPE_INVALID',
    `${r.what} is not valid CBOR at byte ${r.offset}: ${problem}`,
  );
}

function take(r: Reader, n: number): Uint8Array {
  if (n > r.bytes.length - r.offset) throw malformed(r, 'truncated');
  const out = r.bytes.subarray(r.offset, r.offset + n);
  r.offset += n;
  return out;
}

function argument(r: Reader, info: number): number {
  if (info < 24) return info;
  const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
  if (size === undefined) throw malformed(r, 'indefinite lengths and reserved values are refused');
  const b = Buffer.from(take(r, size));
  const n = size === 8 ? b.readBigUInt64BE() : BigInt(b.readUIntBE(0, size));
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(r, 'integer beyond 2^53');
  return Number(n);
}

function read(r: Reader, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw malformed(r, `nested deeper than ${MAX_DEPTH}`);
  const initial = take(r, 1)[0]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    throw malformed(r, 'floats and simple values other than true, false and null are refused');
  }
  const n = argument(r, info);
  switch (major) {
    case 0:
      return n;
    case 1:
      return -1 - n;
    case 2:
      return Uint8Array.from(take(r, n));
    case 3: {
      const text = take(r, n);
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(text);
      } catch (cause) {
        throw notationError(
          'NOTATION_ENVELOPE_INVALID',
          `${r.what} has a text string that is not UTF-8`,
          { cause },
        );
      }
    }
    case 4: {
      if (n > MAX_ITEMS) throw malformed(r, `array of ${n} items (limit ${MAX_ITEMS})`);
      const items: CborValue[] = [];
      for (let i = 0; i < n; i++) items.push(read(r, depth + 1));
      return items;
    }
    case 5: {
      if (n > MAX_ITEMS) throw malformed(r, `map of ${n} entries (limit ${MAX_ITEMS})`);
      const entries: [number | string, CborValue][] = [];
      for (let i = 0; i < n; i++) {
        const key = read(r, depth + 1);
        if (typeof key !== 'number' && typeof key !== 'string')
          throw malformed(r, 'map keys must be integers or text');
        if (entries.some(([k]) => k === key))
          throw malformed(r, `duplicate map key ${String(key)}`);
        entries.push([key, read(r, depth + 1)]);
      }
      return new CborMap(entries);
    }
    default:
      return new CborTagged(n, read(r, depth + 1));
  }
}
