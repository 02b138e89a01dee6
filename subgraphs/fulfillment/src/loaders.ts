// Per-request batching beyond the entities' own: stock per product and shipments per order
// are each answered by one statement per batch.
import { manyBy, type Rows } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export function createLoaders(rows: Rows<Database>) {
  return {
    stockByProduct: manyBy(() => rows('stock_levels').orderBy('warehouse_id'), 'product_id'),
    // Oldest first, as Order.shipments promises: a later parcel of an order can be handed
    // to the carrier before an earlier one, so id order is not shipping order.
    shipmentsByOrder: manyBy(() => rows('shipments').orderBy('shipped_at').orderBy('id'), 'order_id'),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
