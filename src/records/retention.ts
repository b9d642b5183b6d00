/**
 * Retention: decisions older than the age limit, and beyond the newest `maxDecisions`,
 * are deleted with their images and violations. Deleting in id ranges keeps each
 * statement an index range scan; children go first because decision_images (migration
 * 0001) has no cascading foreign key.
 */
import type { Kysely } from 'kysely';
import { recordsError } from './errors.js';
import type { RecordsDatabase } from './schema.js';
import type { RetentionRule } from './types.js';

/** The newest decision id beyond the newest `maxDecisions` (it and older ones go). */
async function countCutoffId(
  db: Kysely<RecordsDatabase>,
  maxDecisions: number | undefined,
): Promise<number | undefined> {
  if (maxDecisions === undefined) return undefined;
  const row = await db
    .selectFrom('decisions')
    .select('id')
    .orderBy('id', 'desc')
    .offset(maxDecisions)
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

export function checkRetentionRule(rule: RetentionRule): void {
  const bad = (value: number | undefined, min: number) =>
    value !== undefined && (!Number.isInteger(value) || value < min);
  if (bad(rule.maxAgeMs, 1) || bad(rule.maxDecisions, 0)) {
    throw recordsError(
      'RECORDS_QUERY_INVALID',
      'retention needs a whole positive age in milliseconds and a whole count of decisions to keep',
    );
  }
}

export async function pruneDecisions(
  db: Kysely<RecordsDatabase>,
  rule: RetentionRule,
  now: Date,
): Promise<number> {
  checkRetentionRule(rule);
  const cutoff = await countCutoffId(db, rule.maxDecisions);
  // Times come from the sender (a CI report's createdAt), so age is judged by time, not id.
  const oldest = rule.maxAgeMs === undefined ? undefined : now.getTime() - rule.maxAgeMs;
  if (cutoff === undefined && oldest === undefined) return 0;
  return db.transaction().execute(async (tx) => {
    const doomed = tx
      .selectFrom('decisions')
      .select('id')
      .where((eb) =>
        eb.or([
          ...(cutoff === undefined ? [] : [eb('id', '<=', cutoff)]),
          ...(oldest === undefined ? [] : [eb('time_ms', '<', oldest)]),
        ]),
      );
    await tx.deleteFrom('violations').where('decision_id', 'in', doomed).execute();
    await tx.deleteFrom('decision_images').where('decision_id', 'in', doomed).execute();
    const result = await tx
      .deleteFrom('decisions')
      .where((eb) =>
        eb.or([
          ...(cutoff === undefined ? [] : [eb('id', '<=', cutoff)]),
          ...(oldest === undefined ? [] : [eb('time_ms', '<', oldest)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
