// Generates orders and their lines from the demo world: which customer ordered which
// products when, at the prices the catalog lists.
import type { DomainSeed, OrderFact, Row } from '@datamesh/kit'
import type { Database } from './src/tables/database.js'

export const seed: DomainSeed<Database> = {
  tables: ['order_lines', 'orders'],
  async run(_db, { world, insert }) {
    function* facts(): Generator<OrderFact> {
      for (let id = 1; id <= world.orderCount; id++) yield world.order(id)
    }
    function* orders(): Generator<Row> {
      for (const order of facts()) {
        yield { id: order.id, customer_id: order.customerId, placed_at: order.placedAt, status: order.status, total: order.total }
      }
    }
    function* lines(): Generator<Row> {
      for (const order of facts()) {
        for (const line of order.lines) {
          yield { id: line.id, order_id: order.id, product_id: line.productId, quantity: line.quantity, unit_price: line.unitPrice }
        }
      }
    }
    await insert('orders', orders(), world.orderCount)
    await insert('order_lines', lines())
  },
}
