// How long the gateway took to answer each root field, per one-minute window: the
// catalog judges latency SLAs from it. Frozen: never edit a migration that has shipped.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('root_field_latency')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('window_start', 'timestamptz', (col) => col.notNull())
    .addColumn('window_end', 'timestamptz', (col) => col.notNull())
    .addColumn('coordinate', 'text', (col) => col.notNull())
    .addColumn('samples', 'integer', (col) => col.notNull())
    .addColumn('p50_ms', 'double precision', (col) => col.notNull())
    .addColumn('p95_ms', 'double precision', (col) => col.notNull())
    .addColumn('p99_ms', 'double precision', (col) => col.notNull())
    .addColumn('max_ms', 'double precision', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('root_field_latency_coordinate_idx').on('root_field_latency').columns(['coordinate', 'window_end']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('root_field_latency').execute()
}
