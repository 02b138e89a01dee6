// What `datamesh quality` measured: one row per rule per run, with the value, the
// expectation and whether it held (or why the rule could not run). The catalog reads each
// rule's latest result from it. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quality_results')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('run_id', 'text', (col) => col.notNull())
    .addColumn('product_id', 'text', (col) => col.notNull())
    .addColumn('product_version', 'text', (col) => col.notNull())
    .addColumn('rule_id', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    // A library metric (nullValues, ...) or 'sql'.
    .addColumn('metric', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull().check(sql`severity in ('info', 'warning', 'error')`))
    .addColumn('dimension', 'text')
    // Null when the rule could not run; `error` says why.
    .addColumn('measured', 'double precision')
    .addColumn('unit', 'text', (col) => col.notNull())
    .addColumn('expectation', 'text', (col) => col.notNull())
    .addColumn('passed', 'boolean', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_ms', 'double precision', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('quality_results_product_idx').on('quality_results').columns(['product_id', 'finished_at']).execute()
  await db.schema.createIndex('quality_results_run_idx').on('quality_results').column('run_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quality_results').execute()
}
