/**
 * What a proposed entry becomes once accepted: the canonical body that is the log leaf
 * (RFC 8785 JCS of {apiVersion, kind, spec}, sigstore/rekor types.CanonicalizeEntry) and
 * the identifiers and search keys derived from it.
 */
import { canonicalJsonBytes } from '../../core/canonical-json.js';
import { leafHash } from '../merkle/index.js';
import { entryUuid } from './identifiers.js';

export type EntryKind = 'hashedrekord' | 'dsse';

export interface CanonicalEntry {
  readonly kind: EntryKind;
  readonly apiVersion: string;
  /** The leaf bytes: JCS of the canonical body. */
  readonly body: Uint8Array;
  readonly leafHash: Uint8Array;
  /** hex leaf hash: the Rekor entry UUID. */
  readonly uuid: string;
  readonly searchKeys: readonly string[];
}

export function canonicalEntry(
  kind: EntryKind,
  apiVersion: string,
  spec: Record<string, unknown>,
  searchKeys: readonly string[],
): CanonicalEntry {
  const body = canonicalJsonBytes({ apiVersion, kind, spec });
  const hash = leafHash(body);
  return {
    kind,
    apiVersion,
    body,
    leafHash: hash,
    uuid: entryUuid(hash),
    searchKeys: [...new Set(searchKeys)],
  };
}
