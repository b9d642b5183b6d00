/**
 * How `signet tlog get` and `verify` show an entry: the identifiers, the time, and the
 * decoded canonical body, for people (text) or programs (JSON). The body is what the log
 * recorded; it is attacker-controlled until the entry is verified, so text output prints
 * it as JSON (never raw) and JSON output nests it as data.
 */
import { decodeBase64 } from '../../core/base64.js';
import type { RekorEntry } from '../../tlog/client/index.js';

export function decodedBody(entry: RekorEntry): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(decodeBase64(entry.entry.body, 'body'))) as unknown;
  } catch {
    return null;
  }
}

export function entryJson(
  entry: RekorEntry,
  verified?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    entryId: entry.entryId,
    uuid: entry.uuid,
    logIndex: entry.entry.logIndex,
    integratedTime: entry.entry.integratedTime,
    logID: entry.entry.logID,
    body: decodedBody(entry),
    ...(verified === undefined ? {} : { verified }),
    entry: entry.entry,
  };
}

export function entryText(entry: RekorEntry): string {
  const body = decodedBody(entry) as { kind?: unknown; apiVersion?: unknown } | null;
  const proof = entry.entry.verification?.inclusionProof;
  return [
    `Entry ID:        ${entry.entryId}`,
    `UUID:            ${entry.uuid}`,
    `Log index:       ${entry.entry.logIndex}`,
    `Integrated time: ${new Date(entry.entry.integratedTime * 1000).toISOString()} (${entry.entry.integratedTime})`,
    `Log ID:          ${entry.entry.logID}`,
    `Kind:            ${JSON.stringify(body?.kind ?? null)} ${JSON.stringify(body?.apiVersion ?? null)}`,
    `Inclusion proof: ${proof === undefined ? 'none' : `${proof.hashes.length} hashes to tree size ${proof.treeSize}`}`,
    `Signed entry timestamp: ${entry.entry.verification?.signedEntryTimestamp === undefined ? 'none' : 'present'}`,
    `Body:`,
    JSON.stringify(body, null, 2),
  ].join('\n');
}
