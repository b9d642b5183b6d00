/**
 * Signing a checkpoint: the log formats the body, signs its UTF-8 bytes and appends one
 * signature line (C2SP signed-note; Rekor v1 `SignedNote.Sign`).
 */
import type { KeyObject } from 'node:crypto';
import { parseCheckpointBody } from './body.js';
import { checkpointError } from './errors.js';
import { signWithKey } from './log-key.js';
import { KEY_HINT_BYTES, MAX_NOTE_BYTES, formatSignatureLine, isValidKeyName } from './note.js';

/** Signs the bytes it is given: a KMS, an HSM, or checkpointSigner over a local key. */
export type CheckpointSigner = (data: Uint8Array) => Uint8Array;

/** A signer over a local ECDSA P-256 (SHA-256, DER) or Ed25519 private key. */
export function checkpointSigner(privateKey: KeyObject): CheckpointSigner {
  return (data) => signWithKey(privateKey, data);
}

/**
 * The signed note: `body` (from formatCheckpoint), a blank line, and the signature line
 * `— <name> <base64(keyHint || signature)>`. For a Rekor v1 compatible log, `name` is
 * the log's hostname (clients match it against their trusted baseUrl) and `keyHint` is
 * rekorKeyHint(publicKey).
 */
export function signCheckpoint(
  body: string,
  signer: CheckpointSigner,
  name: string,
  keyHint: Uint8Array,
): string {
  const fail = (problem: string) =>
    checkpointError('TLOG_CHECKPOINT_INPUT_INVALID', `cannot sign checkpoint: ${problem}`);
  parseCheckpointBody(body, 'TLOG_CHECKPOINT_INPUT_INVALID');
  if (!isValidKeyName(name)) {
    throw fail(`key name "${name}" must be non-empty, without spaces or "+"`);
  }
  if (keyHint.length !== KEY_HINT_BYTES) {
    throw fail(`the key hint has ${keyHint.length} bytes, expected ${KEY_HINT_BYTES}`);
  }
  const signature = signer(Buffer.from(body, 'utf8'));
  if (signature.length === 0) throw fail('the signer returned an empty signature');
  const note = `${body}\n${formatSignatureLine({ name, keyHint, signature })}`;
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) {
    throw fail(`the signed note would exceed ${MAX_NOTE_BYTES} bytes, which verifiers refuse`);
  }
  return note;
}
