/**
 * Reads of the violations table for the API and dashboard: filtered pages newest first
 * (keyset paging on id, so page 100 costs what page 1 does), one violation, images seen
 * and violations per policy over time.
 */
import { sql, type Kysely } from 'kysely';
import { recordsError } from './errors.js';
import type { RecordsDatabase } from './schema.js';
import type {
  ImageSummary,
  PolicyActivityReport,
  ViolationQuery,
  ViolationRecord,
} from './types.js';
import { fromViolationRow } from './violations.js';

/** A page is bounded so one request cannot read the whole table. */
export const MAX_VIOLATION_PAGE = 1000;
/** A chart of more buckets than this is unreadable and costly; ask for wider ones. */
export const MAX_BUCKETS = 400;
const DEFAULT_PAGE = 50;

/** Refuses a page size outside 1 to `max`, for every paged read of the store. */
export function checkLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw recordsError(
      'RECORDS_QUERY_INVALID',
      `limit must be a whole number from 1 to ${max}, got ${limit}`,
    );
  }
}

/** LIKE with the user's text taken literally: %, _ and \ are escaped. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function queryViolations(
  db: Kysely<RecordsDatabase>,
  query: ViolationQuery,
): Promise<ViolationRecord[]> {
  const limit = query.limit ?? DEFAULT_PAGE;
  checkLimit(limit, MAX_VIOLATION_PAGE);
  let select = db.selectFrom('violations').selectAll().orderBy('id', 'desc').limit(limit);
  const equal = {
    source: query.source,
    action: query.action,
    severity: query.severity,
    policy: query.policy,
    namespace: query.namespace,
    cluster: query.cluster,
    pipeline: query.pipeline,
  } as const;
  for (const [column, value] of Object.entries(equal)) {
    if (value !== undefined) select = select.where(column as keyof typeof equal, '=', value);
  }
  if (query.image !== undefined) {
    const image = query.image;
    select = select.where((eb) => eb.or([eb('image', '=', image), eb('digest', '=', image)]));
  }
  if (query.since !== undefined) select = select.where('time_ms', '>=', query.since.getTime());
  if (query.until !== undefined) select = select.where('time_ms', '<', query.until.getTime());
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
  if (query.search !== undefined && query.search !== '') {
    const pattern = likePattern(query.search);
    select = select.where((eb) =>
      eb.or(
        (['image', 'policy', 'message', 'workload', 'namespace', 'pipeline'] as const).map(
          (column) => eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`),
        ),
      ),
    );
  }
  return (await select.execute()).map(fromViolationRow);
}

export async function findViolation(
  db: Kysely<RecordsDatabase>,
  id: number,
): Promise<ViolationRecord | undefined> {
  const row = await db.selectFrom('violations').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : fromViolationRow(row);
}

export async function queryImages(
  db: Kysely<RecordsDatabase>,
  query: { search?: string; limit?: number },
): Promise<ImageSummary[]> {
  const limit = query.limit ?? DEFAULT_PAGE;
  checkLimit(limit, MAX_VIOLATION_PAGE);
  let select = db
    .selectFrom('decision_images as i')
    .innerJoin('decisions as d', 'd.id', 'i.decision_id')
    .select((eb) => [
      'i.image',
      eb.fn.count<number | string>('i.decision_id').as('decisions'),
      eb.fn
        .sum<number | string>(sql`case when ${sql.ref('i.allowed')} = 0 then 1 else 0 end`)
        .as('denied'),
      eb.fn.max<number | string>('d.time_ms').as('last_ms'),
      eb.fn.max<string | null>('i.digest').as('digest'),
    ])
    .groupBy('i.image')
    .orderBy('last_ms', 'desc')
    .limit(limit);
  if (query.search !== undefined && query.search !== '') {
    select = select.where(sql`lower(${sql.ref('i.image')})`, 'like', likePattern(query.search));
  }
  const rows = await select.execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('violations')
    .select(['image', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(
      'image',
      'in',
      rows.map((r) => r.image),
    )
    .groupBy('image')
    .execute();
  const violations = new Map(counts.map((c) => [c.image, Number(c.n)]));
  return rows.map((r) => ({
    image: r.image,
    digests: r.digest === null ? [] : [r.digest],
    decisions: Number(r.decisions),
    denied: Number(r.denied),
    violations: violations.get(r.image) ?? 0,
    lastSeen: new Date(Number(r.last_ms)),
  }));
}

export async function policyActivity(
  db: Kysely<RecordsDatabase>,
  since: Date,
  bucketMs: number,
  now: Date,
): Promise<PolicyActivityReport> {
  const first = Math.floor(since.getTime() / bucketMs);
  const count = Math.floor(now.getTime() / bucketMs) - first + 1;
  if (!Number.isInteger(bucketMs) || bucketMs < 1 || count < 1 || count > MAX_BUCKETS) {
    throw recordsError(
      'RECORDS_QUERY_INVALID',
      `a policy chart spans 1 to ${MAX_BUCKETS} buckets; widen the bucket or shorten the span`,
    );
  }
  // Integer division of two bigints truncates in both SQLite and PostgreSQL.
  const bucket = sql<number | string>`${sql.ref('time_ms')} / ${sql.lit(bucketMs)}`;
  const rows = await db
    .selectFrom('violations')
    .select((eb) => [
      'policy',
      bucket.as('bucket'),
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max<number | string>('time_ms').as('last_ms'),
    ])
    .where('time_ms', '>=', first * bucketMs)
    .groupBy(['policy', bucket])
    .execute();
  const byPolicy = new Map<string, { series: number[]; total: number; last: number }>();
  for (const row of rows) {
    const entry = byPolicy.get(row.policy) ?? {
      series: new Array<number>(count).fill(0),
      total: 0,
      last: 0,
    };
    const index = Number(row.bucket) - first;
    if (index >= 0 && index < count) entry.series[index] = Number(row.n);
    entry.total += Number(row.n);
    entry.last = Math.max(entry.last, Number(row.last_ms));
    byPolicy.set(row.policy, entry);
  }
  return {
    bucketMs,
    buckets: Array.from({ length: count }, (_, i) => new Date((first + i) * bucketMs)),
    policies: [...byPolicy.entries()]
      .map(([policy, e]) => ({
        policy,
        violations: e.total,
        lastSeen: new Date(e.last),
        series: e.series,
      }))
      .sort((a, b) => b.violations - a.violations || a.policy.localeCompare(b.policy)),
  };
}
