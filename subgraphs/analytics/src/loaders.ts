// Per-request batching: the features of every customer and the demand of every product
// referenced in a request are each answered by one statement per batch.
import { rowLoader, type Grant } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { visibleFeatures } from './row-rules.js'
import type { Database } from './tables/database.js'

export function createLoaders(db: Kysely<Database>, access: Grant) {
  const visible = visibleFeatures(access)
  const features = () => (visible ? db.selectFrom('customer_features').where(visible) : db.selectFrom('customer_features'))
  return {
    // Features this request may not see resolve to null, wherever the reference comes from.
    featuresByCustomer: rowLoader(
      (ids: readonly number[]) => features().selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    demandByProduct: rowLoader(
      (ids: readonly number[]) => db.selectFrom('product_demand').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
