import type { Generated, Selectable } from 'kysely'

export type OrderStatus = 'PENDING' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED'

export interface OrdersTable {
  id: Generated<number>
  /** A customer of the customers domain. */
  customer_id: number
  placed_at: Date
  status: OrderStatus
  total: number
}

export interface OrderLinesTable {
  id: Generated<number>
  order_id: number
  /** A product of the catalog domain. */
  product_id: number
  quantity: number
  unit_price: number
}

export type OrderRow = Selectable<OrdersTable>
export type OrderLineRow = Selectable<OrderLinesTable>
