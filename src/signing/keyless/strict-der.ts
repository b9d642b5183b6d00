/**
 * A strict DER reader for the structures Signet refuses to read leniently (RFC 3161
 * timestamp tokens in bundles). It checks that the bytes are exactly one TLV, that every
 * length is definite and minimal, that constructed values nest exactly, and that the
 * universal SEQUENCE/SET tags carry the constructed bit; it returns the tree so callers
 * can check the tags a structure must have. Bounded: depth 32, input as given.
 */
export interface DerNode {
  readonly tag: number;
  /** The whole TLV. */
  readonly bytes: Uint8Array;
  readonly children: readonly DerNode[];
}

const MAX_DEPTH = 32;

export class DerError extends Error {}

export function parseStrictDer(bytes: Uint8Array): DerNode {
  const [node, end] = readNode(bytes, 0, 0);
  if (end !== bytes.length) throw new DerError(`${bytes.length - end} bytes after the DER value`);
  return node;
}

function readNode(bytes: Uint8Array, start: number, depth: number): [DerNode, number] {
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  const tag = bytes[start];
  if (tag === undefined) throw new DerError('truncated tag');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high-tag-number form is not used here');
  const constructed = (tag & 0x20) !== 0;
  const universal = (tag & 0xc0) === 0;
  if (universal && [0x10, 0x11].includes(tag & 0x1f) && !constructed) {
    throw new DerError('SEQUENCE or SET without the constructed bit');
  }
  const [length, contentStart] = readLength(bytes, start + 1);
  const end = contentStart + length;
  if (end > bytes.length) throw new DerError('length runs past the end');
  const children: DerNode[] = [];
  if (constructed) {
    let at = contentStart;
    while (at < end) {
      const [child, next] = readNode(bytes.subarray(0, end), at, depth + 1);
      children.push(child);
      at = next;
    }
  }
  return [{ tag, bytes: bytes.subarray(start, end), children }, end];
}

function readLength(bytes: Uint8Array, at: number): [number, number] {
  const first = bytes[at];
  if (first === undefined) throw new DerError('truncated length');
  if (first < 0x80) return [first, at + 1];
  const count = first & 0x7f;
  if (count === 0) throw new DerError('indefinite length');
  if (count > 4) throw new DerError('length too large');
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const b = bytes[at + i];
    if (b === undefined) throw new DerError('truncated length');
    if (i === 1 && b === 0) throw new DerError('non-minimal length');
    length = length * 256 + b;
  }
  if (length < 0x80) throw new DerError('non-minimal length');
  return [length, at + 1 + count];
}
