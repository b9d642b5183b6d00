/**
 * Log entries of Signet's transparency log, Rekor v1 compatible: proposed-entry kinds
 * (hashedrekord and dsse 0.0.1) validated, signature-checked and canonicalized into leaf
 * bodies; identifiers; signed entry timestamps; and client-side verification of returned
 * entries. Pure: no I/O, keys arrive as KeyObjects or PEM text.
 */
export { ENTRY_ERRORS, type EntryErrorCode } from './errors.js';
export {
  MAX_PROPOSED_ENTRY_BYTES,
  MAX_ENVELOPE_BYTES,
  MAX_VERIFIER_BYTES,
  MAX_SIGNATURE_BYTES,
} from './limits.js';
export { canonicalEntry, type CanonicalEntry, type EntryKind } from './canonical-entry.js';
export {
  SUPPORTED_KINDS,
  canonicalizeProposedEntry,
  canonicalizeProposedEntryBytes,
} from './proposed-entry.js';
export { canonicalizeHashedRekord } from './hashedrekord.js';
export { canonicalizeDsse } from './dsse.js';
export { verifyDigestSignature } from './digest-signature.js';
export { parseVerifier, type Verifier } from './verifier.js';
export {
  entryIdOf,
  entryUuid,
  isTreeId,
  logIdOf,
  parseEntryReference,
  type EntryReference,
} from './identifiers.js';
export { SEARCHABLE_HASHES, digestSearchKey, publicKeySearchKey } from './search-keys.js';
export type { InclusionProofJson, LogEntryJson, LogEntryResponse } from './log-entry.js';
export {
  setPayload,
  signEntryTimestamp,
  verifyEntryTimestamp,
  type SetFields,
} from './signed-entry-timestamp.js';
export {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  verifyLogEntry,
  type VerifiedLogEntry,
  type VerifyLogEntryOptions,
} from './verify-log-entry.js';
