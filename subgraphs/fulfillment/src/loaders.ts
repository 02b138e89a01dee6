// Per-request batching: warehouse and shipment references, stock per product and
// shipments per order are each answered by one statement per batch.
import { rowLoader, rowsLoader, type Grant } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { visibleShipments } from './row-rules.js'
import type { Database } from './tables/database.js'

export function createLoaders(db: Kysely<Database>, access: Grant) {
  const visible = visibleShipments(access)
  const shipments = () => (visible ? db.selectFrom('shipments').where(visible) : db.selectFrom('shipments'))
  return {
    warehouseById: rowLoader(
      (ids: readonly number[]) => db.selectFrom('warehouses').selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    shipmentById: rowLoader(
      (ids: readonly number[]) => shipments().selectAll().where('id', 'in', ids).execute(),
      (row) => row.id,
    ),
    stockByProduct: rowsLoader(
      (ids: readonly number[]) => db.selectFrom('stock_levels').selectAll().where('product_id', 'in', ids).orderBy('warehouse_id').execute(),
      (row) => row.product_id,
    ),
    // Oldest first, as Order.shipments promises: a later parcel of an order can be handed
    // to the carrier before an earlier one, so id order is not shipping order.
    shipmentsByOrder: rowsLoader(
      (ids: readonly number[]) => shipments().selectAll().where('order_id', 'in', ids).orderBy('shipped_at').orderBy('id').execute(),
      (row) => row.order_id,
    ),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
