// Per-request batching: order references, order lines and each customer's orders are
// answered by one statement per batch.
import { loaderFamily, rowLoader, rowsLoader } from '@datamesh/kit'
import { sql, type Kysely } from 'kysely'
import type { Database, OrderStatus } from './tables/database.js'

export interface CustomerOrdersArgs {
  first: number
  status: OrderStatus | null
}

export function createLoaders(db: Kysely<Database>) {
  return {
    orderById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('orders').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    linesByOrder: rowsLoader(
      (ids: readonly number[]) => db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
      (row) => row.order_id,
    ),
    // The newest `first` orders of every customer in the batch, in one statement.
    ordersByCustomer: loaderFamily(({ first, status }: CustomerOrdersArgs) =>
      rowsLoader(
        (ids: readonly number[]) => {
          let ranked = db
            .selectFrom('orders')
            .selectAll()
            .select(sql<number>`row_number() over (partition by customer_id order by id desc)`.as('rank'))
            .where('customer_id', 'in', ids)
          if (status) ranked = ranked.where('status', '=', status)
          return db.selectFrom(ranked.as('ranked')).selectAll().where('rank', '<=', first).orderBy('customer_id').orderBy('id', 'desc').execute()
        },
        (row) => row.customer_id,
      ),
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
