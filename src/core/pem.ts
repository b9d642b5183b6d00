/**
 * PEM (RFC 7468) blocks: a type label and DER bytes.
 *
 * Parsing is strict inside a block (matching BEGIN/END labels, base64 body only, no
 * RFC 1421 headers such as `Proc-Type`, which mean a legacy encrypted key we do not
 * read) and tolerant outside blocks, as RFC 7468 §5.2 asks: certificate bundles often
 * carry comment lines between blocks.
 */
import { decodeBase64, encodeBase64 } from './base64.js';
import { errorFactory } from './errors.js';

export const PEM_ERRORS = {
  PEM_INVALID: {
    category: 'config',
    summary: 'A file or value that must be PEM has no block, a malformed block, or the wrong type.',
  },
} as const;

const fail = errorFactory(PEM_ERRORS);

export interface PemBlock {
  /** The label between `BEGIN ` and the dashes, e.g. `PUBLIC KEY`. */
  readonly type: string;
  readonly der: Uint8Array;
}

const BEGIN = /^-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[ -\x2c\x2e-\x7e]*[\x21-\x2c\x2e-\x7e])?)-----$/;
const END = /^-----END (.*)-----$/;

/** Bound on the PEM text we parse: keys and certificate chains are a few KiB. */
export const MAX_PEM_BYTES = 1024 * 1024;

/**
 * Every block in `text`, in order. `what` names the source (a file, an annotation) for
 * errors. Throws PEM_INVALID when there is no block at all or any block is malformed.
 */
export function parsePemBlocks(text: string, what: string): PemBlock[] {
  if (text.length > MAX_PEM_BYTES) {
    throw fail(
      'PEM_INVALID',
      `${what} is larger than ${MAX_PEM_BYTES} bytes; not a PEM key or certificate`,
    );
  }
  const lines = text.split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let open: { type: string; body: string[]; line: number } | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (open === undefined) {
      const begin = BEGIN.exec(line);
      if (begin !== null) open = { type: begin[1] as string, body: [], line: index + 1 };
      else if (line.startsWith('-----END ')) {
        throw fail(
          'PEM_INVALID',
          `${what}: line ${index + 1} ends a PEM block that was never begun`,
        );
      }
      return;
    }
    const end = END.exec(line);
    if (end !== null) {
      if (end[1] !== open.type) {
        throw fail(
          'PEM_INVALID',
          `${what}: block "${open.type}" begun on line ${open.line} is ended as "${end[1]}"`,
        );
      }
      const der = decodeBody(open.body.join(''), `${what}: body of PEM block "${open.type}"`);
      blocks.push({ type: open.type, der });
      open = undefined;
      return;
    }
    if (line.includes(':')) {
      throw fail(
        'PEM_INVALID',
        `${what}: PEM block "${open.type}" has RFC 1421 headers (legacy encrypted PEM); convert it to PKCS#8 first`,
      );
    }
    if (line.startsWith('-----')) {
      throw fail(
        'PEM_INVALID',
        `${what}: line ${index + 1} begins a block inside block "${open.type}"`,
      );
    }
    open.body.push(line);
  });
  if (open !== undefined) {
    throw fail(
      'PEM_INVALID',
      `${what}: PEM block "${open.type}" begun on line ${open.line} is never ended`,
    );
  }
  if (blocks.length === 0) throw fail('PEM_INVALID', `${what} contains no PEM block`);
  return blocks;
}

/**
 * The single block of `text`, which must have one of `types`. A second block is an
 * error: a key file carrying two keys is ambiguous about which one is meant.
 */
export function parsePemBlock(text: string, types: readonly string[], what: string): PemBlock {
  const blocks = parsePemBlocks(text, what);
  if (blocks.length !== 1) {
    throw fail('PEM_INVALID', `${what} contains ${blocks.length} PEM blocks; expected exactly one`);
  }
  const block = blocks[0] as PemBlock;
  if (!types.includes(block.type)) {
    throw fail(
      'PEM_INVALID',
      `${what} holds a "${block.type}" PEM block; expected ${types.map((t) => `"${t}"`).join(' or ')}`,
    );
  }
  return block;
}

/** Encodes one block with 64-column lines and a trailing newline (RFC 7468 §2). */
export function encodePem(type: string, der: Uint8Array): string {
  const body = encodeBase64(der);
  const lines: string[] = [];
  for (let at = 0; at < body.length; at += 64) lines.push(body.slice(at, at + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}-----END ${type}-----\n`;
}

function decodeBody(body: string, what: string): Uint8Array {
  let der: Uint8Array;
  try {
    der = decodeBase64(body, what, { ignoreLineBreaks: false });
  } catch (error) {
    throw fail('PEM_INVALID', `${what} is not valid base64`, { cause: error });
  }
  if (der.length === 0) throw fail('PEM_INVALID', `${what} is empty`);
  return der;
}
