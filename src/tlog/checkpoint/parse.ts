/**
 * Reading a checkpoint note (Rekor v1 `inclusionProof.checkpoint`, `LogInfo.signedTreeHead`)
 * into its fields and signatures, without checking any signature: callers that act on a
 * checkpoint use verifyCheckpoint instead.
 */
import { parseCheckpointBody, type Checkpoint } from './body.js';
import { parseSignedNote, type NoteSignature } from './note.js';

export interface ParsedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The signed text (the checkpoint body), exactly as received. */
  readonly body: string;
  readonly signatures: readonly NoteSignature[];
}

/** Strict parse of an attacker-controlled note; throws TLOG_CHECKPOINT_MALFORMED. */
export function parseCheckpoint(note: string): ParsedCheckpoint {
  const { text, signatures } = parseSignedNote(note);
  return { checkpoint: parseCheckpointBody(text), body: text, signatures };
}
