// Per-request batching: order references, order lines and each customer's orders are
// answered by one statement per batch.
import { loaderFamily, rowLoader, rowsLoader, type Grant } from '@datamesh/kit'
import { sql, type Kysely } from 'kysely'
import { visibleOrders } from './row-rules.js'
import type { Database, OrderStatus } from './tables/database.js'

export interface CustomerOrdersArgs {
  first: number
  status: OrderStatus | null
}

export function createLoaders(db: Kysely<Database>, access: Grant) {
  const visible = visibleOrders(access)
  const orders = () => (visible ? db.selectFrom('orders').where(visible) : db.selectFrom('orders'))
  return {
    // An order this request may not see resolves to null, wherever the reference comes from.
    orderById: rowLoader(
      (ids: readonly number[]) => orders().selectAll().where('id', 'in', ids).execute(),
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
          let ranked = orders()
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
