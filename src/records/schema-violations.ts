/**
 * Migration 0002: where a decision came from (cluster, CI pipeline and run) and one row per
 * violation, the unit the dashboard lists. A violation copies the time, source and origin
 * of its decision so that the Violations page filters and pages one table with indexes,
 * never a join over every decision (docs/dashboard.md, "Schema").
 */
import type { Generated, Kysely, Migration } from 'kysely';
import type { Dialect } from './schema.js';

/** 64-bit integers; read through Number() (see schema.ts). */
type Int64 = number;

export interface ViolationsTable {
  id: Generated<Int64>;
  decision_id: Int64;
  time_ms: Int64;
  source: string;
  /** denied | warned | failed-build | reported */
  action: string;
  /** low | medium | high | critical, or null when the policy rates none (admission). */
  severity: string | null;
  policy: string;
  image: string;
  digest: string | null;
  cluster: string | null;
  namespace: string | null;
  /** `Kind/name` of the admitted workload. */
  workload: string | null;
  pipeline: string | null;
  run: string | null;
  enforced: number;
  /** The first message, for lists and search; all of them are in `messages`. */
  message: string;
  messages: string;
  description: string | null;
  rationale: string | null;
  remediation: string | null;
  categories: string;
}

export function addViolations(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['cluster', 'pipeline', 'run']) {
        await db.schema.alterTable('decisions').addColumn(column, 'text').execute();
      }
      await db.schema
        .createTable('violations')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('decision_id', 'bigint', (c) =>
          c.notNull().references('decisions.id').onDelete('cascade'),
        )
        .addColumn('time_ms', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('image', 'text', (c) => c.notNull())
        .addColumn('digest', 'text')
        .addColumn('cluster', 'text')
        .addColumn('namespace', 'text')
        .addColumn('workload', 'text')
        .addColumn('pipeline', 'text')
        .addColumn('run', 'text')
        .addColumn('enforced', 'integer', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('messages', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('rationale', 'text')
        .addColumn('remediation', 'text')
        .addColumn('categories', 'text', (c) => c.notNull())
        .execute();
      // Every list pages newest first by id; each filter the dashboard offers has an
      // index ending in id so a filtered page is an index range, not a scan.
      for (const column of ['policy', 'image', 'action', 'severity', 'source', 'decision_id']) {
        await db.schema
          .createIndex(`violations_${column}`)
          .on('violations')
          .columns([column, 'id'])
          .execute();
      }
      await db.schema.createIndex('violations_time').on('violations').column('time_ms').execute();
      await db.schema
        .createIndex('decision_images_decision')
        .on('decision_images')
        .column('decision_id')
        .execute();
    },
  };
}
