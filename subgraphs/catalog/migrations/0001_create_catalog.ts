// Categories, suppliers and products. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('categories')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('parent_id', 'integer', (col) => col.references('categories.id'))
    .execute()
  await db.schema.createIndex('categories_parent_idx').on('categories').columns(['parent_id', 'id']).execute()

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('country', 'char(2)', (col) => col.notNull())
    .addColumn('contact_email', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('suppliers_country_idx').on('suppliers').columns(['country', 'id']).execute()

  await db.schema
    .createTable('products')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('sku', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('category_id', 'integer', (col) => col.notNull().references('categories.id'))
    .addColumn('supplier_id', 'integer', (col) => col.notNull().references('suppliers.id'))
    .addColumn('list_price', 'numeric(12, 2)', (col) => col.notNull().check(sql`list_price >= 0`))
    .addColumn('supplier_cost', 'numeric(12, 2)', (col) => col.notNull().check(sql`supplier_cost >= 0`))
    .addColumn('discontinued', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('products_category_idx').on('products').columns(['category_id', 'id']).execute()
  await db.schema.createIndex('products_supplier_idx').on('products').columns(['supplier_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('products').execute()
  await db.schema.dropTable('suppliers').execute()
  await db.schema.dropTable('categories').execute()
}
