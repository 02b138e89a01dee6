// The orders domain's row rule, applied in SQL to every read of an order (lists, lookups,
// a customer's orders and references from other domains alike): a subject with the role
// `customer` sees only the orders they placed.
import { parseId, type Grant } from '@datamesh/kit'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database } from './tables/database.js'

export type OrderRule = (eb: ExpressionBuilder<Database, 'orders'>) => Expression<SqlBool>

export function visibleOrders(access: Grant): OrderRule | undefined {
  if (!access.roles.includes('customer')) return undefined
  const self = access.sub === undefined ? null : parseId(access.sub)
  return (eb) => (self === null ? eb.lit(false) : eb('orders.customer_id', '=', self))
}
