import type { Generated, Selectable } from 'kysely'

export interface CategoriesTable {
  id: Generated<number>
  name: string
  parent_id: number | null
}

export interface SuppliersTable {
  id: Generated<number>
  name: string
  country: string
  contact_email: string
}

export interface ProductsTable {
  id: Generated<number>
  sku: string
  name: string
  description: string
  category_id: number
  supplier_id: number
  list_price: number
  supplier_cost: number
  discontinued: Generated<boolean>
  created_at: Generated<Date>
}

export type CategoryRow = Selectable<CategoriesTable>
export type SupplierRow = Selectable<SuppliersTable>
export type ProductRow = Selectable<ProductsTable>
