// Orders and their lines. Customer and product ids refer to other domains, so they carry
// no foreign keys here: each domain owns its own database. Frozen once shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('customer_id', 'integer', (col) => col.notNull())
    .addColumn('placed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')`))
    .addColumn('total', 'numeric(12, 2)', (col) => col.notNull().check(sql`total >= 0`))
    .execute()
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'id']).execute()
  await db.schema.createIndex('orders_status_idx').on('orders').columns(['status', 'id']).execute()
  await db.schema.createIndex('orders_placed_at_idx').on('orders').columns(['placed_at', 'id']).execute()

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('order_id', 'integer', (col) => col.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'integer', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price', 'numeric(12, 2)', (col) => col.notNull().check(sql`unit_price >= 0`))
    .execute()
  await db.schema.createIndex('order_lines_order_idx').on('order_lines').columns(['order_id', 'id']).execute()
  await db.schema.createIndex('order_lines_product_idx').on('order_lines').columns(['product_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('order_lines').execute()
  await db.schema.dropTable('orders').execute()
}
