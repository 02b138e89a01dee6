// Customers and their addresses. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('phone', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('country', 'char(2)', (col) => col.notNull())
    .addColumn('segment', 'text', (col) => col.notNull().check(sql`segment in ('CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE')`))
    .addColumn('marketing_consent', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('customers_country_idx').on('customers').columns(['country', 'id']).execute()
  await db.schema.createIndex('customers_segment_idx').on('customers').columns(['segment', 'id']).execute()

  await db.schema
    .createTable('addresses')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('customer_id', 'integer', (col) => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('SHIPPING', 'BILLING')`))
    .addColumn('line1', 'text', (col) => col.notNull())
    .addColumn('line2', 'text')
    .addColumn('city', 'text', (col) => col.notNull())
    .addColumn('postal_code', 'text', (col) => col.notNull())
    .addColumn('country', 'char(2)', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('addresses_customer_idx').on('addresses').columns(['customer_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('addresses').execute()
  await db.schema.dropTable('customers').execute()
}
