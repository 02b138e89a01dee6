// Query.shipments, Query.warehouses, Query.stockLevels and single-row lookups.
import { DataMeshError, ErrorCode, loadById, paginate, parseId, type Grant, type PageArgs } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Context } from '../context.js'
import { visibleShipments } from '../row-rules.js'
import type { Carrier, Database, ShipmentStatus } from '../tables/database.js'

export interface ShipmentFilter {
  status?: ShipmentStatus[] | null
  carrier?: Carrier | null
  orderId?: string | null
  warehouseId?: string | null
  shippedAfter?: Date | null
  shippedBefore?: Date | null
}

export interface StockFilter {
  productId?: string | null
  warehouseId?: string | null
  belowReorderPoint?: boolean | null
}

function filteredShipments(db: Kysely<Database>, access: Grant, filter: ShipmentFilter) {
  if (filter.shippedAfter && filter.shippedBefore && filter.shippedAfter >= filter.shippedBefore) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, 'Query.shipments: "shippedAfter" must be earlier than "shippedBefore"', { argument: 'filter' })
  }
  const visible = visibleShipments(access)
  let query = visible ? db.selectFrom('shipments').where(visible) : db.selectFrom('shipments')
  if (filter.status?.length) query = query.where('status', 'in', filter.status)
  if (filter.carrier != null) query = query.where('carrier', '=', filter.carrier)
  if (filter.orderId != null) query = query.where('order_id', '=', parseId(filter.orderId) ?? 0)
  if (filter.warehouseId != null) query = query.where('warehouse_id', '=', parseId(filter.warehouseId) ?? 0)
  if (filter.shippedAfter != null) query = query.where('shipped_at', '>=', filter.shippedAfter)
  if (filter.shippedBefore != null) query = query.where('shipped_at', '<', filter.shippedBefore)
  return query
}

function filteredStock(db: Kysely<Database>, filter: StockFilter) {
  let query = db.selectFrom('stock_levels')
  if (filter.productId != null) query = query.where('product_id', '=', parseId(filter.productId) ?? 0)
  if (filter.warehouseId != null) query = query.where('warehouse_id', '=', parseId(filter.warehouseId) ?? 0)
  if (filter.belowReorderPoint != null) {
    query = query.where((eb) => (filter.belowReorderPoint ? eb('quantity', '<=', eb.ref('reorder_point')) : eb('quantity', '>', eb.ref('reorder_point'))))
  }
  return query
}

export const Query = {
  shipments: (_: unknown, args: PageArgs & { filter?: ShipmentFilter | null }, { db, access }: Context) =>
    paginate('Query.shipments', args, () => filteredShipments(db, access, args.filter ?? {})),

  shipment: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.shipmentById, id),

  warehouses: (_: unknown, args: PageArgs, { db }: Context) => paginate('Query.warehouses', args, () => db.selectFrom('warehouses')),

  warehouse: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.warehouseById, id),

  stockLevels: (_: unknown, args: PageArgs & { filter?: StockFilter | null }, { db }: Context) =>
    paginate('Query.stockLevels', args, () => filteredStock(db, args.filter ?? {})),
}
