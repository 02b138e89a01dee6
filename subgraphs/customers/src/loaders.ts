// Per-request batching: every customer reference and every address list in a request
// is answered by one statement per batch.
import { rowLoader, rowsLoader, type Grant } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { visibleCustomers } from './row-rules.js'
import type { Database } from './tables/database.js'

export function createLoaders(db: Kysely<Database>, access: Grant) {
  const visible = visibleCustomers(access)
  return {
    // A customer this request may not see resolves to null, wherever the reference comes from.
    customerById: rowLoader(
      (ids: readonly number[]) => {
        const query = db.selectFrom('customers').selectAll().where('id', 'in', ids)
        return (visible ? query.where(visible) : query).execute()
      },
      (row) => row.id,
    ),
    addressesByCustomer: rowsLoader(
      (ids: readonly number[]) => db.selectFrom('addresses').selectAll().where('customer_id', 'in', ids).orderBy('id').execute(),
      (row) => row.customer_id,
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
