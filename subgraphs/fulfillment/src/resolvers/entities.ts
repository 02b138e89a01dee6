// Warehouse, StockLevel and Shipment, and what this domain adds to Product (stock) and
// Order (shipments).
import { loadById, parseId } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { ShipmentRow, StockLevelRow } from '../tables/database.js'

export const Warehouse = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.warehouseById, id),
}

export const StockLevel = {
  product: (stock: StockLevelRow) => ({ __typename: 'Product', id: String(stock.product_id) }),
  warehouse: (stock: StockLevelRow, _: unknown, { loaders }: Context) => loaders.warehouseById.load(stock.warehouse_id),
  reorderPoint: (stock: StockLevelRow) => stock.reorder_point,
  updatedAt: (stock: StockLevelRow) => stock.updated_at,
}

export const Shipment = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.shipmentById, id),
  order: (shipment: ShipmentRow) => ({ __typename: 'Order', id: String(shipment.order_id) }),
  warehouse: (shipment: ShipmentRow, _: unknown, { loaders }: Context) => loaders.warehouseById.load(shipment.warehouse_id),
  trackingNumber: (shipment: ShipmentRow) => shipment.tracking_number,
  shippedAt: (shipment: ShipmentRow) => shipment.shipped_at,
  deliveredAt: (shipment: ShipmentRow) => shipment.delivered_at,
}

export const Product = {
  // Any product id is a valid reference here: a product no warehouse holds has no stock.
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  stock({ id }: { id: string }, _: unknown, { loaders }: Context) {
    const key = parseId(id)
    return key === null ? [] : loaders.stockByProduct.load(key)
  },
}

export const Order = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  shipments({ id }: { id: string }, _: unknown, { loaders }: Context) {
    const key = parseId(id)
    return key === null ? [] : loaders.shipmentsByOrder.load(key)
  },
}
