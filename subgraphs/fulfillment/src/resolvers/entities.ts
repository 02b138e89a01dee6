// What the entities' declarations do not cover: the warehouse of a stock level or a
// shipment, and what this domain adds to Product (stock) and Order (shipments).
import { parseId } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { ShipmentRow, StockLevelRow, WarehouseRow } from '../tables/database.js'

const warehouseOf = (row: StockLevelRow | ShipmentRow, { loaders }: Context): Promise<WarehouseRow | null> => loaders.warehousesByKey.load(row.warehouse_id)

export const StockLevel = {
  warehouse: (stock: StockLevelRow, _: unknown, context: Context) => warehouseOf(stock, context),
}

export const Shipment = {
  warehouse: (shipment: ShipmentRow, _: unknown, context: Context) => warehouseOf(shipment, context),
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
