/**
 * Checkpoints of Signet's transparency log: signed tree heads in the signed-note format
 * that Rekor v1 emits (C2SP signed-note and tlog-checkpoint). Pure: keys come in as
 * KeyObjects, nothing is read from files or the network.
 */
export { CHECKPOINT_ERRORS } from './errors.js';
export { formatCheckpoint, type Checkpoint } from './body.js';
export {
  MAX_NOTE_BYTES,
  MAX_NOTE_SIGNATURES,
  parseSignedNote,
  type NoteSignature,
  type SignedNote,
} from './note.js';
export { parseCheckpoint, type ParsedCheckpoint } from './parse.js';
export { checkpointKeyKind, type CheckpointKeyKind } from './log-key.js';
export { c2spKeyHint, keyHintFor, rekorKeyHint, type KeyHintRule } from './key-hint.js';
export { checkpointSigner, signCheckpoint, type CheckpointSigner } from './sign.js';
export { verifyCheckpoint, type VerifyCheckpointOptions } from './verify.js';
