// The catalog domain's database, as kysely sees it.
import type { CategoriesTable, ProductsTable, SuppliersTable } from './catalog-tables.js'

export interface Database {
  categories: CategoriesTable
  suppliers: SuppliersTable
  products: ProductsTable
}

export type { CategoriesTable, CategoryRow, ProductRow, ProductsTable, SupplierRow, SuppliersTable } from './catalog-tables.js'
