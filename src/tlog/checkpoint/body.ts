/**
 * The checkpoint body: the signed text of a checkpoint note (C2SP tlog-checkpoint, and
 * Rekor v1 pkg/util/checkpoint.go):
 *
 *   <origin>\n            e.g. "rekor.sigstore.dev - 2605736670972794746"
 *   <tree size>\n         decimal
 *   <root hash>\n         standard base64 of the 32-byte RFC 6962 root
 *   [other lines]\n       optional, non-empty (old Rekor notes carry "Timestamp: <ns>")
 */
import { checkpointError, type CheckpointErrorCode } from './errors.js';
import { decodeCanonicalBase64 } from './note.js';

/** A SHA-256 Merkle root (RFC 6962). */
const ROOT_HASH_BYTES = 32;

export interface Checkpoint {
  /** Names the log (and for Rekor its tree): "<hostname> - <decimal tree ID>". */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Extension lines, kept verbatim and in order. */
  readonly otherContent: readonly string[];
}

// No control characters at all: every line is one line of a note (C2SP signed-note).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The body text to sign; throws TLOG_CHECKPOINT_INPUT_INVALID on a field it cannot hold. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const fail = (problem: string) =>
    checkpointError('TLOG_CHECKPOINT_INPUT_INVALID', `cannot format checkpoint: ${problem}`);
  requireLine(checkpoint.origin, 'origin', fail);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw fail(`tree size ${checkpoint.size} is not a whole number between 0 and 2^53 - 1`);
  }
  if (checkpoint.rootHash.length !== ROOT_HASH_BYTES) {
    throw fail(`root hash has ${checkpoint.rootHash.length} bytes, expected ${ROOT_HASH_BYTES}`);
  }
  checkpoint.otherContent.forEach((line, i) => requireLine(line, `extra line ${i + 1}`, fail));
  const root = Buffer.from(checkpoint.rootHash).toString('base64');
  return [checkpoint.origin, String(checkpoint.size), root, ...checkpoint.otherContent]
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Reads a checkpoint body strictly. `code` says whose input it is: a received note
 * (TLOG_CHECKPOINT_MALFORMED) or a body the log is about to sign (INPUT_INVALID).
 */
export function parseCheckpointBody(
  body: string,
  code: CheckpointErrorCode = 'TLOG_CHECKPOINT_MALFORMED',
): Checkpoint {
  const fail = (problem: string) => checkpointError(code, `checkpoint body is invalid: ${problem}`);
  if (!body.endsWith('\n')) throw fail('it does not end with a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw fail(`it has ${lines.length} lines, expected at least 3`);
  const [origin, size, root, ...otherContent] = lines as [string, string, string, ...string[]];
  requireLine(origin, 'origin line', fail);
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) {
    throw fail('the tree size line is not a decimal number below 2^53');
  }
  const rootHash = decodeCanonicalBase64(root);
  if (rootHash === undefined || rootHash.length !== ROOT_HASH_BYTES) {
    throw fail(`the root hash line is not the canonical base64 of ${ROOT_HASH_BYTES} bytes`);
  }
  otherContent.forEach((line, i) => requireLine(line, `extra line ${i + 1}`, fail));
  return { origin, size: Number(size), rootHash, otherContent };
}

function requireLine(line: string, what: string, fail: (problem: string) => Error): void {
  if (line.length === 0) throw fail(`the ${what} is empty`);
  if (CONTROL_CHARACTER.test(line))
    throw fail(`the ${what} contains a newline or control character`);
}
