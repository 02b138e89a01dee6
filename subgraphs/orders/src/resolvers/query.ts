// Query.orders and Query.order.
import { DataMeshError, ErrorCode, loadById, paginate, parseId, type Grant, type PageArgs } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Context } from '../context.js'
import { visibleOrders } from '../row-rules.js'
import type { Database, OrderStatus } from '../tables/database.js'

export interface OrderFilter {
  customerId?: string | null
  status?: OrderStatus[] | null
  placedAfter?: Date | null
  placedBefore?: Date | null
  minTotal?: number | null
}

function filteredOrders(db: Kysely<Database>, access: Grant, filter: OrderFilter) {
  if (filter.placedAfter && filter.placedBefore && filter.placedAfter >= filter.placedBefore) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, 'Query.orders: "placedAfter" must be earlier than "placedBefore"', { argument: 'filter' })
  }
  const visible = visibleOrders(access)
  let query = visible ? db.selectFrom('orders').where(visible) : db.selectFrom('orders')
  if (filter.customerId != null) query = query.where('customer_id', '=', parseId(filter.customerId) ?? 0)
  if (filter.status?.length) query = query.where('status', 'in', filter.status)
  if (filter.placedAfter != null) query = query.where('placed_at', '>=', filter.placedAfter)
  if (filter.placedBefore != null) query = query.where('placed_at', '<', filter.placedBefore)
  if (filter.minTotal != null) query = query.where('total', '>=', filter.minTotal)
  return query
}

export const Query = {
  orders: (_: unknown, args: PageArgs & { filter?: OrderFilter | null }, { db, access }: Context) =>
    paginate('Query.orders', args, () => filteredOrders(db, access, args.filter ?? {})),

  order: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.orderById, id),
}
