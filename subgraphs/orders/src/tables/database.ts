// The orders domain's database, as kysely sees it.
import type { OrderLinesTable, OrdersTable } from './orders-tables.js'

export interface Database {
  orders: OrdersTable
  order_lines: OrderLinesTable
}

export type { OrderLineRow, OrderLinesTable, OrderRow, OrdersTable, OrderStatus } from './orders-tables.js'
