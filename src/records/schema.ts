/**
 * The decision tables, for Kysely's typed queries, and the migrations that create them.
 * Times are epoch milliseconds in a 64-bit integer so that SQLite and PostgreSQL store
 * and sort them the same way.
 */
import type { Generated, Kysely, Migration, MigrationProvider } from 'kysely';
import { addViolations, type ViolationsTable } from './schema-violations.js';

export type { ViolationsTable };

export type Dialect = 'sqlite' | 'postgres';

/**
 * 64-bit integer columns. PostgreSQL's driver returns int8 as a string at run time;
 * every read goes through Number(), which is exact below 2^53.
 */
type Int64 = number;

export interface DecisionsTable {
  id: Generated<Int64>;
  time_ms: Int64;
  source: string;
  outcome: string;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  operation: string | null;
  policy_revision: string | null;
  duration_ms: number | null;
  warnings: string;
  /** Added by 0002: the cluster a webhook runs in, the CI pipeline and run of a check. */
  cluster: string | null;
  pipeline: string | null;
  run: string | null;
}

export interface DecisionImagesTable {
  decision_id: Int64;
  position: number;
  image: string;
  digest: string | null;
  allowed: number;
  reasons: string;
  /** Added by 0003: the sender's evidence summary as JSON text, or null. */
  evidence: string | null;
}

export interface RecordsDatabase {
  decisions: DecisionsTable;
  decision_images: DecisionImagesTable;
  violations: ViolationsTable;
}

function createTables(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('decisions')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('time_ms', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text')
        .addColumn('kind', 'text')
        .addColumn('name', 'text')
        .addColumn('operation', 'text')
        .addColumn('policy_revision', 'text')
        .addColumn('duration_ms', 'double precision')
        .addColumn('warnings', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('decision_images')
        .addColumn('decision_id', 'bigint', (c) => c.notNull().references('decisions.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('image', 'text', (c) => c.notNull())
        .addColumn('digest', 'text')
        .addColumn('allowed', 'integer', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('decision_images_pk', ['decision_id', 'position'])
        .execute();
      await db.schema.createIndex('decisions_time').on('decisions').column('time_ms').execute();
      await db.schema
        .createIndex('decisions_outcome')
        .on('decisions')
        .columns(['outcome', 'id'])
        .execute();
      await db.schema
        .createIndex('decision_images_image')
        .on('decision_images')
        .column('image')
        .execute();
      await db.schema
        .createIndex('decision_images_digest')
        .on('decision_images')
        .column('digest')
        .execute();
    },
  };
}

/** Older rows keep null: their senders stated no evidence. */
const addImageEvidence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('decision_images').addColumn('evidence', 'text').execute();
  },
};

/** Migrations are named in apply order; never edit one that has shipped, add the next. */
export function migrationsFor(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001-create-decisions': createTables(dialect),
        '0002-violations-and-origins': addViolations(dialect),
        '0003-image-evidence': addImageEvidence,
      }),
  };
}
