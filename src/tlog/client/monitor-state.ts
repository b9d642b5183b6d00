/**
 * The monitor's memory: the last checkpoint it verified, as JSON. The note is kept whole
 * and verified again when read, so a state file edited by hand (or by an attacker with
 * write access to it) cannot make the monitor trust a tree head the log never signed.
 */
import type { KeyObject } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { logIdOf } from '../entry/index.js';
import { hexOf } from '../merkle/index.js';
import { tlogClientError } from './errors.js';
import { verifyLogCheckpoint, type ObservedCheckpoint } from './consistency.js';

export const MONITOR_STATE_FORMAT = 'signet.tlog-monitor/v1';

/** A state file holds one small note; anything larger is not ours. */
export const MAX_MONITOR_STATE_BYTES = 256 * 1024;

export function formatMonitorState(
  logKey: KeyObject,
  checkpoint: ObservedCheckpoint,
  verifiedAt: Date,
): string {
  return `${JSON.stringify(
    {
      format: MONITOR_STATE_FORMAT,
      logId: logIdOf(logKey),
      origin: checkpoint.origin,
      size: checkpoint.size,
      rootHash: hexOf(checkpoint.rootHash),
      verifiedAt: verifiedAt.toISOString(),
      checkpoint: checkpoint.note,
    },
    null,
    2,
  )}\n`;
}

/** Reads a state file's text; `source` names the file in messages. */
export function parseMonitorState(
  text: string,
  source: string,
  logKey: KeyObject,
): ObservedCheckpoint {
  const invalid = (problem: string, cause?: unknown) =>
    tlogClientError(
      'TLOG_MONITOR_STATE_INVALID',
      `${source}: ${problem}; restore it from a backup, or delete it to start again from the log's current checkpoint`,
      cause === undefined ? {} : { cause },
    );
  if (text.length > MAX_MONITOR_STATE_BYTES) throw invalid('the file is too large');
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw invalid('not JSON');
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== MONITOR_STATE_FORMAT)
    throw invalid(`not a ${MONITOR_STATE_FORMAT} state`);
  if (doc.logId !== logIdOf(logKey))
    throw invalid(`it is the state of log ${String(doc.logId)}, not of the given log key`);
  if (typeof doc.checkpoint !== 'string') throw invalid('it holds no checkpoint note');
  let checkpoint: ObservedCheckpoint;
  try {
    checkpoint = verifyLogCheckpoint(doc.checkpoint, logKey);
  } catch (error) {
    throw invalid(
      `its checkpoint does not verify with the log key (${describeError(error)})`,
      error,
    );
  }
  if (checkpoint.size !== doc.size) throw invalid('its size differs from its checkpoint');
  return checkpoint;
}
