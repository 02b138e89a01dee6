// Per-request batching beyond the Order entity's own: order lines and each customer's
// orders are answered by one statement per batch.
import { loaderFamily, manyBy, rowsLoader, type Rows } from '@datamesh/kit'
import { sql } from 'kysely'
import type { Database, OrderStatus } from './tables/database.js'

export interface CustomerOrdersArgs {
  first: number
  status: OrderStatus | null
}

export function createLoaders(rows: Rows<Database>) {
  return {
    linesByOrder: manyBy(() => rows('order_lines').orderBy('id'), 'order_id'),
    // The newest `first` orders of every customer in the batch, in one statement.
    ordersByCustomer: loaderFamily(({ first, status }: CustomerOrdersArgs) =>
      rowsLoader(
        (ids: readonly number[]) => {
          let ranked = rows('orders')
            .selectAll()
            .select(sql<number>`row_number() over (partition by customer_id order by id desc)`.as('rank'))
            .where('customer_id', 'in', ids)
          if (status) ranked = ranked.where('status', '=', status)
          return rows.derived(ranked.as('ranked')).selectAll().where('rank', '<=', first).orderBy('customer_id').orderBy('id', 'desc').execute()
        },
        (row) => row.customer_id,
      ),
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
