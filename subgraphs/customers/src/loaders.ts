// Per-request batching: every customer reference and every address list in a request
// is answered by one statement per batch.
import { rowLoader, rowsLoader } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Database } from './tables/database.js'

export function createLoaders(db: Kysely<Database>) {
  return {
    customerById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('customers').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    addressesByCustomer: rowsLoader(
      (ids: readonly number[]) => db.selectFrom('addresses').selectAll().where('customer_id', 'in', ids).orderBy('id').execute(),
      (row) => row.customer_id,
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
