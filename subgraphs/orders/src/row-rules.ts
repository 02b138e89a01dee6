// The orders domain's row rule, applied in SQL to every read of an order (lists, lookups,
// a customer's orders and references from other domains alike), because every read starts
// from `rows('orders')`: a subject with the role `customer` sees only the orders they placed.
import { parseId, type RowRules } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export const rowRules: RowRules<Database> = {
  orders: (access) => {
    if (!access.roles.includes('customer')) return undefined
    const self = access.sub === undefined ? null : parseId(access.sub)
    return (eb) => (self === null ? eb.lit(false) : eb('orders.customer_id', '=', self))
  },
}
