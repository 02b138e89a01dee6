// The fulfillment domain's database, as kysely sees it.
import type { ShipmentsTable, StockLevelsTable, WarehousesTable } from './fulfillment-tables.js'

export interface Database {
  warehouses: WarehousesTable
  stock_levels: StockLevelsTable
  shipments: ShipmentsTable
}

export type {
  Carrier,
  ShipmentRow,
  ShipmentStatus,
  ShipmentsTable,
  StockLevelRow,
  StockLevelsTable,
  WarehouseRow,
  WarehousesTable,
} from './fulfillment-tables.js'
