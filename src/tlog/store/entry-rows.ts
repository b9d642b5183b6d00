/**
 * The entries table as both stores read it: the column list (also the insert order) and
 * the conversion of a row to a StoredEntry. pg returns BIGINT columns as decimal text
 * (an int8 may exceed 2^53), better-sqlite3 as numbers; indices and Unix seconds are
 * safe integers either way.
 */
import type { StoredEntry } from './log-store.js';

export const ENTRY_COLUMNS =
  'log_index, uuid, body, integrated_time, kind, api_version, signed_entry_timestamp';

export interface EntryRow {
  readonly log_index: number | string;
  readonly uuid: string;
  readonly body: Uint8Array;
  readonly integrated_time: number | string;
  readonly kind: string;
  readonly api_version: string;
  readonly signed_entry_timestamp: Uint8Array;
}

export function entryFromRow(row: EntryRow): StoredEntry {
  return {
    logIndex: Number(row.log_index),
    uuid: row.uuid,
    body: new Uint8Array(row.body),
    integratedTime: Number(row.integrated_time),
    kind: row.kind,
    apiVersion: row.api_version,
    signedEntryTimestamp: new Uint8Array(row.signed_entry_timestamp),
  };
}
