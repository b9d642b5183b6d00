/**
 * A proposed entry, the body of POST /api/v1/log/entries: `{kind, apiVersion, spec}`.
 * Dispatches on kind and version; the kinds Signet accepts are the two sigstore clients
 * send (reference section 1.2): hashedrekord 0.0.1 for message signatures and dsse 0.0.1
 * for attestations.
 */
import { canonicalizeDsse } from './dsse.js';
import type { CanonicalEntry } from './canonical-entry.js';
import { entryError } from './errors.js';
import { canonicalizeHashedRekord } from './hashedrekord.js';
import { objectAt, stringAt } from './fields.js';
import { MAX_PROPOSED_ENTRY_BYTES } from './limits.js';

export const SUPPORTED_KINDS = ['hashedrekord 0.0.1', 'dsse 0.0.1'] as const;

/**
 * Validates `proposal` (parsed JSON), verifies its signatures and returns the canonical
 * entry. Throws a TLOG_ENTRY_* usage error for anything the log must refuse.
 */
export function canonicalizeProposedEntry(proposal: unknown): CanonicalEntry {
  const entry = objectAt(proposal, 'the proposed entry');
  const kind = stringAt(entry.kind, 'kind', 64);
  const apiVersion = stringAt(entry.apiVersion, 'apiVersion', 64);
  const which = `${kind} ${apiVersion}`;
  switch (which) {
    case 'hashedrekord 0.0.1':
      return canonicalizeHashedRekord(entry.spec);
    case 'dsse 0.0.1':
      return canonicalizeDsse(entry.spec);
    default:
      throw entryError(
        'TLOG_ENTRY_UNSUPPORTED',
        `entries of kind "${kind}" version "${apiVersion}" are not accepted; this log accepts ${SUPPORTED_KINDS.join(' and ')}`,
      );
  }
}

/** Parses a request body and canonicalizes it; for callers holding raw bytes. */
export function canonicalizeProposedEntryBytes(bytes: Uint8Array): CanonicalEntry {
  if (bytes.length > MAX_PROPOSED_ENTRY_BYTES) {
    throw entryError(
      'TLOG_ENTRY_TOO_LARGE',
      `the proposed entry is ${bytes.length} bytes; the log accepts at most ${MAX_PROPOSED_ENTRY_BYTES}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw entryError('TLOG_ENTRY_MALFORMED', 'the proposed entry is not UTF-8 JSON', {
      cause: error,
    });
  }
  return canonicalizeProposedEntry(parsed);
}
