// Generates warehouses, stock and shipments from the demo world: every shipped or
// delivered order gets its parcels, sent after the order was placed.
import { WORLD_END, type DomainSeed, type Random, type Row } from '@datamesh/kit'
import type { Database } from './src/tables/database.js'

const SITES = [
  ['Rotterdam', 'NL'],
  ['Leipzig', 'DE'],
  ['Memphis', 'US'],
  ['Lyon', 'FR'],
  ['Milton Keynes', 'GB'],
  ['Zaragoza', 'ES'],
  ['Poznań', 'PL'],
  ['Reno', 'US'],
  ['Verona', 'IT'],
  ['Louisville', 'US'],
  ['Hamburg', 'DE'],
  ['Lille', 'FR'],
] as const
const CARRIERS = [['DHL', 4], ['UPS', 3], ['DPD', 2], ['FEDEX', 2], ['POST', 2]] as const
const HOUR = 3_600_000

function carrierPrefix(random: Random): string {
  return String.fromCharCode(65 + random.int(0, 25), 65 + random.int(0, 25))
}

export const seed: DomainSeed<Database> = {
  tables: ['shipments', 'stock_levels', 'warehouses'],
  async run(_db, { world, insert }) {
    const warehouses = Array.from({ length: world.warehouseCount }, (_, index) => {
      const [city, country] = SITES[index % SITES.length] as (typeof SITES)[number]
      const round = Math.floor(index / SITES.length)
      return { id: index + 1, name: `${city} ${round === 0 ? 'Distribution Centre' : `Annex ${round}`}`, city, country }
    })
    await insert('warehouses', warehouses)

    function* stock(): Generator<Row> {
      for (let productId = 1; productId <= world.productCount; productId++) {
        const random = world.random('stock', productId)
        const held = new Set<number>()
        const count = random.int(1, Math.min(3, world.warehouseCount))
        while (held.size < count) held.add(random.int(1, world.warehouseCount))
        for (const warehouseId of [...held].sort((a, b) => a - b)) {
          const reorderPoint = random.int(5, 40)
          yield {
            product_id: productId,
            warehouse_id: warehouseId,
            quantity: random.chance(0.08) ? random.int(0, reorderPoint) : random.int(reorderPoint, 600),
            reorder_point: reorderPoint,
            updated_at: new Date(WORLD_END.getTime() - random.int(1, 72) * HOUR),
          }
        }
      }
    }
    await insert('stock_levels', stock())

    function* shipments(): Generator<Row> {
      let id = 0
      for (let orderId = 1; orderId <= world.orderCount; orderId++) {
        const order = world.order(orderId)
        if (order.status !== 'SHIPPED' && order.status !== 'DELIVERED') continue
        const random = world.random('shipment', orderId)
        const parcels = order.lines.length > 2 && random.chance(0.1) ? 2 : 1
        for (let parcel = 0; parcel < parcels; parcel++) {
          id++
          const shippedAt = new Date(order.placedAt.getTime() + random.int(4, 60) * HOUR)
          const delivered = order.status === 'DELIVERED'
          const returned = delivered && random.chance(0.02)
          yield {
            id,
            order_id: orderId,
            customer_id: order.customerId,
            warehouse_id: random.int(1, world.warehouseCount),
            carrier: random.weighted(CARRIERS),
            tracking_number: `${carrierPrefix(random)}${String(id).padStart(10, '0')}`,
            status: returned ? 'RETURNED' : delivered ? 'DELIVERED' : 'IN_TRANSIT',
            shipped_at: shippedAt,
            delivered_at: delivered ? new Date(shippedAt.getTime() + random.int(20, 140) * HOUR) : null,
          }
        }
      }
    }
    await insert('shipments', shipments())
  },
}
