// The fulfillment domain's row rule, applied in SQL to every read of a shipment (lists,
// lookups, an order's shipments and references alike), because every read starts from
// `rows('shipments')`: a subject with the role `customer` sees only the parcels sent to them.
import { parseId, type RowRules } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export const rowRules: RowRules<Database> = {
  shipments: (access) => {
    if (!access.roles.includes('customer')) return undefined
    const self = access.sub === undefined ? null : parseId(access.sub)
    return (eb) => (self === null ? eb.lit(false) : eb('shipments.customer_id', '=', self))
  },
}
