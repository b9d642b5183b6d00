/**
 * Verifying a checkpoint against the trusted log key, following C2SP signed-note
 * ("Signatures"): signatures from other keys are ignored, a signature whose name and key
 * hint match the trusted key must verify, and at least one must.
 *
 * Rekor's own SignedNote.Verify is stricter (it refuses any extra signature line), which
 * would break witness cosignatures; sigstore-js accepts a note when one signature from
 * the trusted log verifies, as here.
 */
import type { KeyObject } from 'node:crypto';
import type { Checkpoint } from './body.js';
import { checkpointError } from './errors.js';
import { keyHintFor, type KeyHintRule } from './key-hint.js';
import { checkpointKeyKind, verifyWithKey } from './log-key.js';
import { parseCheckpoint } from './parse.js';

export interface VerifyCheckpointOptions {
  /** How the trusted key's hint is computed; default 'rekor-v1' (see key-hint.ts). */
  readonly keyHintRule?: KeyHintRule;
  /**
   * The origin line the checkpoint must carry. Rekor signs every shard with the same
   * key, so only the origin ("<host> - <tree ID>") tells the shards' checkpoints apart.
   */
  readonly origin?: string;
}

/** Most signature names listed in an error message; names are attacker-chosen. */
const MAX_NAMES_IN_MESSAGE = 4;

/**
 * Returns the checkpoint's fields once a signature by `publicKey` under key name `name`
 * verifies. Use only the returned root and size, never values from elsewhere in a response.
 */
export function verifyCheckpoint(
  note: string,
  publicKey: KeyObject,
  name: string,
  options: VerifyCheckpointOptions = {},
): Checkpoint {
  const kind = checkpointKeyKind(publicKey, 'public');
  const parsed = parseCheckpoint(note);
  const hint = Buffer.from(keyHintFor(publicKey, name, options.keyHintRule ?? 'rekor-v1'));
  const ours = parsed.signatures.filter((s) => s.name === name && hint.equals(s.keyHint));
  const origin = parsed.checkpoint.origin;
  if (ours.length === 0) {
    const present = parsed.signatures
      .slice(0, MAX_NAMES_IN_MESSAGE)
      .map((s) => `${s.name}/${Buffer.from(s.keyHint).toString('hex')}`)
      .join(', ');
    throw checkpointError(
      'TLOG_CHECKPOINT_UNSIGNED',
      `checkpoint of "${origin}" has no signature by ${name}/${hint.toString('hex')} (it is signed by ${present}); check the log's public key and name`,
    );
  }
  const data = Buffer.from(parsed.body, 'utf8');
  for (const signature of ours) {
    if (!verifyWithKey(kind, publicKey, data, signature.signature)) {
      throw checkpointError(
        'TLOG_CHECKPOINT_SIGNATURE_INVALID',
        `checkpoint of "${origin}" at size ${parsed.checkpoint.size}: the signature by ${name} does not verify; the checkpoint was altered or forged`,
      );
    }
  }
  if (options.origin !== undefined && options.origin !== origin) {
    throw checkpointError(
      'TLOG_CHECKPOINT_ORIGIN_MISMATCH',
      `checkpoint is for log "${origin}", expected "${options.origin}"`,
    );
  }
  return parsed.checkpoint;
}
