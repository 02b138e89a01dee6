// What `datamesh ingest` loaded: one row per committed load of a file into a domain table,
// with the file's name and SHA-256, the rows loaded and refused, and when. The catalog reads
// it for a product's loads, its source files (lineage) and how fresh its data is.
// Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('product_loads')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    // Null when the table belongs to no data product.
    .addColumn('product_id', 'text')
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('table_name', 'text', (col) => col.notNull())
    .addColumn('source_file', 'text', (col) => col.notNull())
    .addColumn('source_sha256', 'text', (col) => col.notNull())
    .addColumn('source_bytes', 'bigint', (col) => col.notNull())
    .addColumn('mode', 'text', (col) => col.notNull().check(sql`mode in ('append', 'upsert', 'replace')`))
    .addColumn('rows_loaded', 'bigint', (col) => col.notNull())
    .addColumn('rows_rejected', 'bigint', (col) => col.notNull())
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('product_loads_product_idx').on('product_loads').columns(['product_id', 'finished_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('product_loads').execute()
}
