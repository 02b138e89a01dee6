import type { Generated, Selectable } from 'kysely'

export type Carrier = 'DHL' | 'UPS' | 'FEDEX' | 'DPD' | 'POST'
export type ShipmentStatus = 'IN_TRANSIT' | 'DELIVERED' | 'RETURNED'

export interface WarehousesTable {
  id: Generated<number>
  name: string
  city: string
  country: string
}

export interface StockLevelsTable {
  id: Generated<number>
  /** A product of the catalog domain. */
  product_id: number
  warehouse_id: number
  quantity: number
  reorder_point: Generated<number>
  updated_at: Generated<Date>
}

export interface ShipmentsTable {
  id: Generated<number>
  /** An order of the orders domain. */
  order_id: number
  /** The customer (customers domain) the parcel goes to. */
  customer_id: number
  warehouse_id: number
  carrier: Carrier
  tracking_number: string
  status: ShipmentStatus
  shipped_at: Date
  delivered_at: Date | null
}

export type WarehouseRow = Selectable<WarehousesTable>
export type StockLevelRow = Selectable<StockLevelsTable>
export type ShipmentRow = Selectable<ShipmentsTable>
