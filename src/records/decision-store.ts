/**
 * The decision store on SQLite or PostgreSQL through one Kysely query path. Writes go
 * through a BatchWriter (one transaction per batch); reads page backwards by id.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { Migrator } from 'kysely';
import { describeError } from '../core/errors.js';
import { BatchWriter } from './batch-writer.js';
import type { BatchWriterOptions } from './batch-writer.js';
import { recordsError } from './errors.js';
import type {
  DecisionImagesTable,
  DecisionsTable,
  Dialect,
  RecordsDatabase,
  ViolationsTable,
} from './schema.js';
import { migrationsFor } from './schema.js';
import { toDecisionRows, fromDecisionRows } from './rows.js';
import { pruneDecisions } from './retention.js';
import type {
  DecisionInput,
  DecisionQuery,
  DecisionRecord,
  DecisionStore,
  ImageSummary,
  OutcomeCounts,
  PolicyActivityReport,
  RetentionRule,
  ViolationQuery,
  ViolationRecord,
} from './types.js';
import {
  checkLimit,
  findViolation,
  policyActivity,
  queryImages,
  queryViolations,
} from './violation-queries.js';
import { toViolationRows, violationsOf } from './violations.js';

/** A page is bounded so one dashboard request cannot read the whole table. */
export const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;
/**
 * Rows per multi-row INSERT: a violation row binds 20 values, and 400 rows (8,000 values)
 * stay far below SQLite's limit of 32,766 bound parameters and PostgreSQL's 65,535.
 */
const ROWS_PER_STATEMENT = 400;

export class SqlDecisionStore implements DecisionStore {
  private readonly writer: BatchWriter<DecisionInput, number>;
  private closed = false;

  private constructor(
    private readonly db: Kysely<RecordsDatabase>,
    batching: BatchWriterOptions,
  ) {
    this.writer = new BatchWriter((items) => this.insert(items), batching);
  }

  /** Opens the store and applies pending migrations. */
  static async open(
    db: Kysely<RecordsDatabase>,
    dialect: Dialect,
    batching: BatchWriterOptions = {},
  ): Promise<SqlDecisionStore> {
    const { error } = await new Migrator({
      db,
      provider: migrationsFor(dialect),
      migrationTableName: 'signet_records_migrations',
      migrationLockTableName: 'signet_records_migrations_lock',
    }).migrateToLatest();
    if (error !== undefined) {
      await db.destroy();
      throw recordsError(
        'RECORDS_UNAVAILABLE',
        `cannot prepare the decision tables: ${describeError(error)}`,
        {
          cause: error,
        },
      );
    }
    return new SqlDecisionStore(db, batching);
  }

  record(decision: DecisionInput): Promise<number> {
    if (this.closed)
      return Promise.reject(recordsError('RECORDS_CLOSED', 'the decision store is closed'));
    return this.writer.add(decision);
  }

  /**
   * One transaction per batch: each decision is inserted alone (its id is needed), then
   * the batch's images and violations go in a few multi-row statements, chunked to stay
   * under SQLite's bound-parameter limit.
   */
  private async insert(items: readonly DecisionInput[]): Promise<number[]> {
    return this.db.transaction().execute(async (tx) => {
      const ids: number[] = [];
      const imageRows: Insertable<DecisionImagesTable>[] = [];
      const violationRows: Insertable<ViolationsTable>[] = [];
      for (const item of items) {
        const { decision, images } = toDecisionRows(item);
        const row = await tx
          .insertInto('decisions')
          .values(decision)
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        ids.push(id);
        imageRows.push(...images.map((image) => ({ ...image, decision_id: id })));
        violationRows.push(...toViolationRows(item, id, violationsOf(item)));
      }
      for (let at = 0; at < imageRows.length; at += ROWS_PER_STATEMENT) {
        await tx
          .insertInto('decision_images')
          .values(imageRows.slice(at, at + ROWS_PER_STATEMENT))
          .execute();
      }
      for (let at = 0; at < violationRows.length; at += ROWS_PER_STATEMENT) {
        await tx
          .insertInto('violations')
          .values(violationRows.slice(at, at + ROWS_PER_STATEMENT))
          .execute();
      }
      return ids;
    });
  }

  async query(query: DecisionQuery = {}): Promise<DecisionRecord[]> {
    const limit = query.limit ?? DEFAULT_PAGE;
    checkLimit(limit, MAX_PAGE);
    let select = this.db.selectFrom('decisions').selectAll().orderBy('id', 'desc').limit(limit);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    if (query.source !== undefined) select = select.where('source', '=', query.source);
    if (query.namespace !== undefined) select = select.where('namespace', '=', query.namespace);
    if (query.since !== undefined) select = select.where('time_ms', '>=', query.since.getTime());
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    if (query.image !== undefined) {
      const image = query.image;
      select = select.where('id', 'in', (sub) =>
        sub
          .selectFrom('decision_images')
          .select('decision_id')
          .where((eb) => eb.or([eb('image', '=', image), eb('digest', '=', image)])),
      );
    }
    return this.withImages(await select.execute());
  }

  /** The decisions with their images, read in one query for the whole page. */
  private async withImages(
    decisions: readonly Selectable<DecisionsTable>[],
  ): Promise<DecisionRecord[]> {
    if (decisions.length === 0) return [];
    const images = await this.db
      .selectFrom('decision_images')
      .selectAll()
      .where(
        'decision_id',
        'in',
        decisions.map((d) => d.id),
      )
      .orderBy('decision_id')
      .orderBy('position')
      .execute();
    return fromDecisionRows(decisions, images);
  }

  async counts(since?: Date): Promise<OutcomeCounts> {
    let select = this.db
      .selectFrom('decisions')
      .select(['outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('outcome');
    if (since !== undefined) select = select.where('time_ms', '>=', since.getTime());
    const rows = await select.execute();
    const count = (outcome: string) => Number(rows.find((r) => r.outcome === outcome)?.n ?? 0);
    return { allowed: count('allowed'), denied: count('denied'), warned: count('warned') };
  }

  async decision(id: number): Promise<DecisionRecord | undefined> {
    const decisions = await this.db
      .selectFrom('decisions')
      .selectAll()
      .where('id', '=', id)
      .execute();
    return (await this.withImages(decisions))[0];
  }

  violations(query: ViolationQuery = {}): Promise<ViolationRecord[]> {
    return queryViolations(this.db, query);
  }

  violation(id: number): Promise<ViolationRecord | undefined> {
    return findViolation(this.db, id);
  }

  images(query: { search?: string; limit?: number } = {}): Promise<ImageSummary[]> {
    return queryImages(this.db, query);
  }

  policyActivity(since: Date, bucketMs: number, now = new Date()): Promise<PolicyActivityReport> {
    return policyActivity(this.db, since, bucketMs, now);
  }

  /** Writes what is queued first, so a decision recorded just before is judged too. */
  async prune(rule: RetentionRule, now = new Date()): Promise<number> {
    await this.writer.flush();
    return pruneDecisions(this.db, rule, now);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.flush();
    await this.db.destroy();
  }
}
