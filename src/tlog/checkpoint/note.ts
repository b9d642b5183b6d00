/**
 * The signed-note envelope (C2SP signed-note, as Rekor v1 emits it in pkg/util/signed_note.go):
 *
 *   <text, one or more lines, each ending in \n>
 *   \n
 *   — <key name> <base64(4-byte key hint || signature)>\n     (one line per signature)
 *
 * The signed bytes are the text up to and including its final newline; the blank
 * separator line is not signed. Input is attacker-controlled: the parser bounds the size
 * and the signature count before doing anything else, and accepts exactly one layout.
 */
import { checkpointError } from './errors.js';

/**
 * 64 KiB: a Rekor checkpoint is about 300 bytes; this leaves room for the maximum number
 * of signatures with long names while bounding work on hostile input.
 */
export const MAX_NOTE_BYTES = 64 * 1024;

/**
 * C2SP signed-note: verifiers "MUST accept at least up to 16 signatures"; twice that
 * leaves room for witness cosignatures.
 */
export const MAX_NOTE_SIGNATURES = 32;

/** Em dash (U+2014) and a space start every signature line. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

/** Key hint length in bytes: a big-endian uint32 (C2SP signed-note, "Signatures"). */
export const KEY_HINT_BYTES = 4;

export interface NoteSignature {
  readonly name: string;
  readonly keyHint: Uint8Array;
  readonly signature: Uint8Array;
}

export interface SignedNote {
  /** The signed text, ending in a newline, without the blank separator line. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

// C2SP: no ASCII control characters other than newline.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0009\u000b-\u001f]/;

/** C2SP: key names are non-empty and contain no Unicode space and no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !CONTROL_CHARACTER.test(name);
}

export function parseSignedNote(note: string): SignedNote {
  // A string's UTF-8 form is never shorter than its UTF-16 length: cheap bound first.
  if (note.length > MAX_NOTE_BYTES || Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) {
    throw malformed(`it is larger than ${MAX_NOTE_BYTES} bytes`);
  }
  if (Buffer.from(note, 'utf8').toString('utf8') !== note) {
    throw malformed('it is not valid UTF-8 text');
  }
  if (CONTROL_CHARACTER.test(note)) throw malformed('it contains control characters');
  if (!note.endsWith('\n')) throw malformed('it does not end with a newline');
  // C2SP: the text is separated from the signatures by the last empty line.
  const separator = note.lastIndexOf('\n\n');
  if (separator < 0) throw malformed('it has no blank line before the signatures');
  const text = note.slice(0, separator + 1);
  const block = note.slice(separator + 2, -1);
  if (block === '') throw malformed('it has no signature lines');
  const lines = block.split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw malformed(`it has ${lines.length} signature lines, more than ${MAX_NOTE_SIGNATURES}`);
  }
  return { text, signatures: lines.map((line, i) => parseSignatureLine(line, i + 1)) };
}

function parseSignatureLine(line: string, position: number): NoteSignature {
  const where = `signature line ${position}`;
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw malformed(`${where} does not start with an em dash and a space`);
  }
  const fields = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (fields.length !== 2) throw malformed(`${where} is not "— <name> <signature>"`);
  const [name, encoded] = fields as [string, string];
  if (!isValidKeyName(name)) throw malformed(`${where} has an invalid key name`);
  const bytes = decodeCanonicalBase64(encoded);
  if (bytes === undefined) throw malformed(`${where} is not canonical base64`);
  if (bytes.length <= KEY_HINT_BYTES) {
    throw malformed(`${where} is too short to hold a key hint and a signature`);
  }
  return {
    name,
    keyHint: bytes.subarray(0, KEY_HINT_BYTES),
    signature: bytes.subarray(KEY_HINT_BYTES),
  };
}

/** One signature line, newline included. */
export function formatSignatureLine(signature: NoteSignature): string {
  const bytes = Buffer.concat([signature.keyHint, signature.signature]);
  return `${SIGNATURE_LINE_PREFIX}${signature.name} ${bytes.toString('base64')}\n`;
}

/**
 * Standard padded base64 (RFC 4648 section 4) in its one canonical spelling. Node's
 * decoder skips unknown characters and ignores non-zero padding bits, so the result is
 * re-encoded and compared: any other spelling of the same bytes is refused.
 */
export function decodeCanonicalBase64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

function malformed(problem: string) {
  return checkpointError('TLOG_CHECKPOINT_MALFORMED', `checkpoint note is malformed: ${problem}`);
}
