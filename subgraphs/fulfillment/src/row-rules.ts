// The fulfillment domain's row rule, applied in SQL to every read of a shipment (lists,
// lookups, an order's shipments and references alike): a subject with the role
// `customer` sees only the parcels sent to them.
import { parseId, type Grant } from '@datamesh/kit'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database } from './tables/database.js'

export type ShipmentRule = (eb: ExpressionBuilder<Database, 'shipments'>) => Expression<SqlBool>

export function visibleShipments(access: Grant): ShipmentRule | undefined {
  if (!access.roles.includes('customer')) return undefined
  const self = access.sub === undefined ? null : parseId(access.sub)
  return (eb) => (self === null ? eb.lit(false) : eb('shipments.customer_id', '=', self))
}
