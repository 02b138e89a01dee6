// Per-request batching: product, category and supplier references and category children
// are each answered by one statement per batch.
import { rowLoader, rowsLoader } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Database } from './tables/database.js'

export function createLoaders(db: Kysely<Database>) {
  return {
    productById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('products').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    categoryById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('categories').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    categoriesByParent: rowsLoader(
      (ids: readonly number[]) => db.selectFrom('categories').selectAll().where('parent_id', 'in', ids).orderBy('id').execute(),
      (row) => row.parent_id as number,
    ),
    supplierById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('suppliers').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
