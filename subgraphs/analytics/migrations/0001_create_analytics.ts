// The analytics domain's features and the lineage of the runs that computed them. Customer
// and product ids refer to other domains, so they carry no foreign keys here: each domain
// owns its own database. A features row is keyed by the id of what it describes, so a
// cursor stays valid across refreshes. Frozen once shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refresh_runs')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('as_of', 'timestamptz', (col) => col.notNull())
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull().check(sql`duration_ms >= 0`))
    .addColumn('read_as', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    // [{ product, version, rowsRead }] and [{ product, version, rowsWritten }]
    .addColumn('inputs', 'jsonb', (col) => col.notNull())
    .addColumn('outputs', 'jsonb', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('customer_features')
    // The customer's id in the customers domain.
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('order_count', 'integer', (col) => col.notNull().check(sql`order_count >= 0`))
    .addColumn('lifetime_value', 'numeric(14, 2)', (col) => col.notNull().check(sql`lifetime_value >= 0`))
    .addColumn('average_basket', 'numeric(12, 2)')
    .addColumn('days_since_last_order', 'integer', (col) => col.check(sql`days_since_last_order >= 0`))
    .addColumn('last_order_at', 'timestamptz')
    .addColumn('favourite_category', 'text')
    .addColumn('churn_risk', 'text', (col) => col.notNull().check(sql`churn_risk in ('LOW', 'MEDIUM', 'HIGH', 'NONE')`))
    .addColumn('as_of', 'timestamptz', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('run_id', 'integer', (col) => col.notNull().references('refresh_runs.id'))
    .execute()
  await db.schema.createIndex('customer_features_churn_idx').on('customer_features').columns(['churn_risk', 'id']).execute()
  await db.schema.createIndex('customer_features_value_idx').on('customer_features').columns(['lifetime_value', 'id']).execute()
  await db.schema.createIndex('customer_features_run_idx').on('customer_features').column('run_id').execute()

  await db.schema
    .createTable('product_demand')
    // The product's id in the catalog domain.
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('units_per_week', 'numeric(12, 2)', (col) => col.notNull().check(sql`units_per_week >= 0`))
    .addColumn('stock_on_hand', 'integer', (col) => col.notNull())
    .addColumn('stock_cover_days', 'numeric(12, 1)')
    .addColumn('as_of', 'timestamptz', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('run_id', 'integer', (col) => col.notNull().references('refresh_runs.id'))
    .execute()
  await db.schema.createIndex('product_demand_run_idx').on('product_demand').column('run_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('product_demand').execute()
  await db.schema.dropTable('customer_features').execute()
  await db.schema.dropTable('refresh_runs').execute()
}
