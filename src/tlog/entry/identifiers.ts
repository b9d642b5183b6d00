/**
 * Identifiers of the Rekor v1 API (reference section 1.3):
 * - UUID = hex of the RFC 6962 leaf hash of the canonical body (64 hex);
 * - entry ID = the tree ID as 16 zero-padded hex digits, then the UUID (80 hex);
 * - log ID = hex SHA-256 of the log key's DER SubjectPublicKeyInfo.
 */
import type { KeyObject } from 'node:crypto';
import { sha256Hex } from '../../core/digest.js';
import { entryError } from './errors.js';

const UUID = /^[0-9a-f]{64}$/;
const ENTRY_ID = /^[0-9a-f]{80}$/;
const TREE_ID = /^[1-9][0-9]{0,18}$/;

/** Largest tree ID: Trillian tree IDs are positive signed 64-bit integers. */
const MAX_TREE_ID = 2n ** 63n - 1n;

export function entryUuid(leafHash: Uint8Array): string {
  return Buffer.from(leafHash).toString('hex');
}

/** The 80-hex entry ID of `uuid` in tree `treeId` (decimal string, as LogInfo.treeID). */
export function entryIdOf(treeId: string, uuid: string): string {
  return BigInt(treeId).toString(16).padStart(16, '0') + uuid;
}

/** True for a decimal tree ID Rekor would accept (1 to 2^63 - 1; 0 is invalid). */
export function isTreeId(value: string): boolean {
  return TREE_ID.test(value) && BigInt(value) <= MAX_TREE_ID;
}

export interface EntryReference {
  readonly uuid: string;
  /** Decimal tree ID when an 80-hex entry ID was given. */
  readonly treeId?: string;
}

/** Reads a path parameter that is a UUID or an entry ID (attacker-controlled). */
export function parseEntryReference(text: string): EntryReference {
  const lower = text.toLowerCase();
  if (UUID.test(lower)) return { uuid: lower };
  if (ENTRY_ID.test(lower)) {
    return { uuid: lower.slice(16), treeId: BigInt(`0x${lower.slice(0, 16)}`).toString(10) };
  }
  throw entryError(
    'TLOG_ENTRY_REFERENCE_INVALID',
    'an entry is named by its 64-hex UUID or its 80-hex entry ID',
  );
}

/** hex SHA-256 of the DER SPKI of the log's public key (sharding/ranges.go). */
export function logIdOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return sha256Hex(spki);
}
