// Warehouses, stock levels and shipments. Product, order and customer ids refer to other
// domains, so they carry no foreign keys here. Frozen once shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('warehouses')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('city', 'text', (col) => col.notNull())
    .addColumn('country', 'char(2)', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('stock_levels')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('product_id', 'integer', (col) => col.notNull())
    .addColumn('warehouse_id', 'integer', (col) => col.notNull().references('warehouses.id'))
    .addColumn('quantity', 'integer', (col) => col.notNull().check(sql`quantity >= 0`))
    .addColumn('reorder_point', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('stock_levels_product_warehouse_key', ['product_id', 'warehouse_id'])
    .execute()
  await db.schema.createIndex('stock_levels_warehouse_idx').on('stock_levels').columns(['warehouse_id', 'id']).execute()

  await db.schema
    .createTable('shipments')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('order_id', 'integer', (col) => col.notNull())
    // The customer the order belongs to, copied at shipping time: the recipient.
    .addColumn('customer_id', 'integer', (col) => col.notNull())
    .addColumn('warehouse_id', 'integer', (col) => col.notNull().references('warehouses.id'))
    .addColumn('carrier', 'text', (col) => col.notNull().check(sql`carrier in ('DHL', 'UPS', 'FEDEX', 'DPD', 'POST')`))
    .addColumn('tracking_number', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('IN_TRANSIT', 'DELIVERED', 'RETURNED')`))
    .addColumn('shipped_at', 'timestamptz', (col) => col.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('shipments_order_idx').on('shipments').columns(['order_id', 'id']).execute()
  await db.schema.createIndex('shipments_customer_idx').on('shipments').columns(['customer_id', 'id']).execute()
  await db.schema.createIndex('shipments_status_idx').on('shipments').columns(['status', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shipments').execute()
  await db.schema.dropTable('stock_levels').execute()
  await db.schema.dropTable('warehouses').execute()
}
