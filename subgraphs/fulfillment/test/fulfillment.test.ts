import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoWorld } from '@datamesh/kit'
import { startTestSubgraph, TEST_WORLD, type TestSubgraph } from '@datamesh/kit/testing'
import fulfillment from '../src/index.js'

const world = new DemoWorld(TEST_WORLD)

let subgraph: TestSubgraph
/** Every shipment and stock level as the subgraph lists them, for checking filters against the data. */
let shipments: any[]
let stock: any[]

const SHIPMENT = 'id order { id } warehouse { id } carrier trackingNumber status shippedAt deliveredAt'
const STOCK = 'id product { id } warehouse { id } quantity reorderPoint updatedAt'

beforeAll(async () => {
  subgraph = await startTestSubgraph(fulfillment)
  shipments = await subgraph.collect('shipments', 'ShipmentFilter', {}, SHIPMENT)
  stock = await subgraph.collect('stockLevels', 'StockFilter', {}, STOCK)
})
afterAll(() => subgraph?.stop())

const shipmentIds = async (filter: Record<string, unknown>) => (await subgraph.collect('shipments', 'ShipmentFilter', { filter })).map((node) => node.id)
const stockIds = async (filter: Record<string, unknown>) => (await subgraph.collect('stockLevels', 'StockFilter', { filter })).map((node) => node.id)
const idsOf = (nodes: readonly any[]) => nodes.map((node) => node.id)

const representations = (typename: string, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => ({ __typename: typename, id: String(from + i) }))

describe('fulfillment subgraph', () => {
  describe('root connections', () => {
    it('pages through shipments with cursors', async () => {
      const first = await subgraph.query(`{ shipments(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)
      expect(first.errors).toBeUndefined()
      const page = first.data.shipments
      expect(page.edges.map((edge: any) => edge.node.id)).toEqual(['1', '2', '3'])
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor })
      const next = await subgraph.query(`query($after: String) { shipments(first: 2, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }`, {
        after: page.pageInfo.endCursor,
      })
      expect(next.data.shipments.edges.map((edge: any) => edge.node.id)).toEqual(['4', '5'])
      expect(next.data.shipments.pageInfo.hasPreviousPage).toBe(true)
    })

    it('pages through every shipment, warehouse and stock level exactly once', async () => {
      expect(shipments.map((node) => Number(node.id))).toEqual(Array.from({ length: shipments.length }, (_, i) => i + 1))
      expect(stock.map((node) => Number(node.id))).toEqual(Array.from({ length: stock.length }, (_, i) => i + 1))
      const warehouses = await subgraph.collect('warehouses', null, {}, 'id', 2)
      expect(warehouses.map((node) => Number(node.id))).toEqual(Array.from({ length: world.warehouseCount }, (_, i) => i + 1))
      expect(idsOf(await subgraph.collect('stockLevels', null, {}, 'id', 7))).toEqual(idsOf(stock))
    })

    it.each(['shipments', 'warehouses', 'stockLevels'])('refuses a page of %s larger than the maximum instead of cutting it', async (field) => {
      const result = await subgraph.query(`{ ${field}(first: 101) { edges { node { id } } } }`)
      // Query.shipments is nullable (it can be denied), the others are not: no data either way.
      expect(result.data?.[field] ?? null).toBeNull()
      expect(result.errors[0].message).toBe(`Query.${field}: "first" must be between 1 and 100, got 101`)
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it.each(['shipments', 'warehouses', 'stockLevels'])('refuses a cursor it did not issue for %s', async (field) => {
      const result = await subgraph.query(`{ ${field}(after: "bm9wZQ") { edges { node { id } } } }`)
      expect(result.data?.[field] ?? null).toBeNull()
      expect(result.errors[0].message).toBe(`Query.${field}: "after" is not a cursor this field returned`)
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it('counts only when totalCount is selected', async () => {
      for (const [field, total] of [
        ['shipments', shipments.length],
        ['warehouses', world.warehouseCount],
        ['stockLevels', stock.length],
      ] as const) {
        const without = await subgraph.counted(`{ ${field}(first: 2) { edges { node { id } } } }`)
        expect(without.statements).toBe(1)
        const withCount = await subgraph.counted(`{ ${field}(first: 2) { totalCount edges { node { id } } } }`)
        expect(withCount.statements).toBe(2)
        expect(withCount.data[field].totalCount).toBe(total)
      }
    })
  })

  describe('shipment filters', () => {
    it('filters by a list of statuses', async () => {
      for (const status of [['IN_TRANSIT'], ['RETURNED'], ['IN_TRANSIT', 'RETURNED'], ['DELIVERED']]) {
        const expected = shipments.filter((shipment) => status.includes(shipment.status))
        expect(expected.length).toBeGreaterThan(0)
        expect(await shipmentIds({ status })).toEqual(idsOf(expected))
      }
    })

    it('filters by carrier', async () => {
      for (const carrier of ['DHL', 'UPS', 'FEDEX', 'DPD', 'POST']) {
        const expected = shipments.filter((shipment) => shipment.carrier === carrier)
        expect(expected.length).toBeGreaterThan(0)
        expect(await shipmentIds({ carrier })).toEqual(idsOf(expected))
      }
    })

    it('filters by order', async () => {
      const split = shipments.find((shipment, i) => shipments[i + 1]?.order.id === shipment.order.id)
      expect(split).toBeDefined()
      for (const orderId of [split.order.id, shipments[0].order.id]) {
        expect(await shipmentIds({ orderId })).toEqual(idsOf(shipments.filter((shipment) => shipment.order.id === orderId)))
      }
      expect(await shipmentIds({ orderId: split.order.id })).toHaveLength(2)
    })

    it('filters by warehouse', async () => {
      for (let warehouseId = 1; warehouseId <= world.warehouseCount; warehouseId++) {
        const expected = shipments.filter((shipment) => shipment.warehouse.id === String(warehouseId))
        expect(await shipmentIds({ warehouseId: String(warehouseId) })).toEqual(idsOf(expected))
      }
    })

    it('filters by shipping date, shippedAfter inclusive and shippedBefore exclusive', async () => {
      const shippedAfter = shipments[100].shippedAt as string
      const shippedBefore = shipments[200].shippedAt as string
      const inRange = (shipment: any) => shipment.shippedAt >= shippedAfter && shipment.shippedAt < shippedBefore
      const expected = shipments.filter(inRange)
      expect(expected.map((shipment) => shipment.id)).toContain(shipments[100].id)
      expect(expected.map((shipment) => shipment.id)).not.toContain(shipments[200].id)
      expect(await shipmentIds({ shippedAfter, shippedBefore })).toEqual(idsOf(expected))
      expect(await shipmentIds({ shippedAfter })).toEqual(idsOf(shipments.filter((shipment) => shipment.shippedAt >= shippedAfter)))
      expect(await shipmentIds({ shippedBefore })).toEqual(idsOf(shipments.filter((shipment) => shipment.shippedAt < shippedBefore)))
    })

    it('combines conditions so that all of them hold', async () => {
      const expected = shipments.filter((shipment) => shipment.carrier === 'DHL' && shipment.status === 'DELIVERED' && shipment.warehouse.id === '2')
      expect(expected.length).toBeGreaterThan(0)
      expect(await shipmentIds({ carrier: 'DHL', status: ['DELIVERED'], warehouseId: '2' })).toEqual(idsOf(expected))
    })

    it('finds nothing for an order or warehouse that does not exist', async () => {
      expect(await shipmentIds({ orderId: '999999' })).toEqual([])
      expect(await shipmentIds({ orderId: 'abc' })).toEqual([])
      expect(await shipmentIds({ warehouseId: '999999' })).toEqual([])
    })

    it('refuses an inverted or empty date range', async () => {
      for (const [shippedAfter, shippedBefore] of [
        ['2026-06-01T00:00:00Z', '2026-01-01T00:00:00Z'],
        ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ]) {
        const result = await subgraph.query(`query($filter: ShipmentFilter) { shipments(filter: $filter) { edges { node { id } } } }`, {
          filter: { shippedAfter, shippedBefore },
        })
        expect(result.data).toEqual({ shipments: null })
        expect(result.errors[0].message).toBe('Query.shipments: "shippedAfter" must be earlier than "shippedBefore"')
        expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
      }
    })
  })

  describe('stock level filters', () => {
    it('filters by product', async () => {
      for (let productId = 1; productId <= world.productCount; productId++) {
        const expected = stock.filter((level) => level.product.id === String(productId))
        expect(expected.length).toBeGreaterThan(0)
        expect(await stockIds({ productId: String(productId) })).toEqual(idsOf(expected))
      }
    })

    it('filters by warehouse', async () => {
      for (let warehouseId = 1; warehouseId <= world.warehouseCount; warehouseId++) {
        const expected = stock.filter((level) => level.warehouse.id === String(warehouseId))
        expect(await stockIds({ warehouseId: String(warehouseId) })).toEqual(idsOf(expected))
      }
    })

    it('filters by being at or below the reorder point, or above it', async () => {
      const low = stock.filter((level) => level.quantity <= level.reorderPoint)
      const enough = stock.filter((level) => level.quantity > level.reorderPoint)
      expect(low.length).toBeGreaterThan(0)
      expect(await stockIds({ belowReorderPoint: true })).toEqual(idsOf(low))
      expect(await stockIds({ belowReorderPoint: false })).toEqual(idsOf(enough))
    })

    it('combines conditions so that all of them hold', async () => {
      const level = stock.find((candidate) => candidate.quantity <= candidate.reorderPoint)
      expect(await stockIds({ productId: level.product.id, warehouseId: level.warehouse.id, belowReorderPoint: true })).toEqual([level.id])
      expect(await stockIds({ productId: level.product.id, warehouseId: level.warehouse.id, belowReorderPoint: false })).toEqual([])
    })

    it('finds nothing for a product that does not exist', async () => {
      expect(await stockIds({ productId: '999999' })).toEqual([])
      expect(await stockIds({ productId: 'abc' })).toEqual([])
    })
  })

  describe('entity references and batching', () => {
    it('resolves 40 shipment references in one statement', async () => {
      const { data, statements } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shipment { id order { id } status trackingNumber } } }`,
        { representations: representations('Shipment', 40) },
      )
      expect(statements).toBe(1)
      expect(data._entities).toEqual(shipments.slice(0, 40).map(({ id, order, status, trackingNumber }) => ({ id, order, status, trackingNumber })))
    })

    it('resolves warehouse references in one statement', async () => {
      const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Warehouse { id name } } }`, {
        representations: representations('Warehouse', 30),
      })
      expect(statements).toBe(1)
      expect(data._entities.filter((warehouse: any) => warehouse !== null)).toHaveLength(world.warehouseCount)
    })

    it('adds one statement for the stock of any number of products, and one for their warehouses', async () => {
      const shapes = [
        ['id', 0],
        ['id stock { id quantity }', 1],
        ['id stock { id quantity warehouse { id name } }', 2],
      ] as const
      for (const [selection, expected] of shapes) {
        for (const count of [10, 50]) {
          const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { ${selection} } } }`, {
            representations: representations('Product', count),
          })
          expect(data._entities).toHaveLength(count)
          expect(statements, `${selection} for ${count} products`).toBe(expected)
        }
      }
    })

    it('adds one statement for the shipments of any number of orders, and one for their warehouses', async () => {
      const shapes = [
        ['id', 0],
        ['id shipments { id status }', 1],
        ['id shipments { id status warehouse { id name } }', 2],
      ] as const
      for (const [selection, expected] of shapes) {
        for (const count of [10, 50]) {
          const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { ${selection} } } }`, {
            representations: representations('Order', count, 200),
          })
          expect(data._entities).toHaveLength(count)
          expect(statements, `${selection} for ${count} orders`).toBe(expected)
        }
      }
    })

    it("lists a product's stock per warehouse and an order's shipments oldest first", async () => {
      const { data } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id stock { id warehouse { id } } } ... on Order { id shipments { id shippedAt } } } }`,
        { representations: [...representations('Product', world.productCount), ...representations('Order', world.orderCount)] },
      )
      for (const product of data._entities.slice(0, world.productCount)) {
        expect(product.stock.map((level: any) => level.id)).toEqual(
          stock
            .filter((level) => level.product.id === product.id)
            .sort((a, b) => Number(a.warehouse.id) - Number(b.warehouse.id))
            .map((level) => level.id),
        )
      }
      for (const order of data._entities.slice(world.productCount)) {
        const times = order.shipments.map((shipment: any) => Date.parse(shipment.shippedAt))
        expect(times, `order ${order.id}`).toEqual([...times].sort((a, b) => a - b))
        expect(order.shipments.map((shipment: any) => shipment.id).sort()).toEqual(
          shipments.filter((shipment) => shipment.order.id === order.id).map((shipment) => shipment.id).sort(),
        )
      }
    })
  })

  describe('agreement with the demo world', () => {
    it('ships every parcel after its order was placed, and delivers it after it shipped', () => {
      expect(shipments.length).toBeGreaterThan(0)
      for (const shipment of shipments) {
        const order = world.order(Number(shipment.order.id))
        expect(Date.parse(shipment.shippedAt), `shipment ${shipment.id}`).toBeGreaterThan(order.placedAt.getTime())
        if (shipment.deliveredAt !== null) expect(Date.parse(shipment.deliveredAt)).toBeGreaterThan(Date.parse(shipment.shippedAt))
      }
    })

    it('ships exactly the SHIPPED and DELIVERED orders of the world', () => {
      const shippedOrders = new Set(shipments.map((shipment) => Number(shipment.order.id)))
      for (let id = 1; id <= world.orderCount; id++) {
        const { status } = world.order(id)
        expect(shippedOrders.has(id), `order ${id} is ${status}`).toBe(status === 'SHIPPED' || status === 'DELIVERED')
      }
    })

    it("gives every shipment the status its order's status implies", () => {
      for (const shipment of shipments) {
        const { status } = world.order(Number(shipment.order.id))
        if (status === 'SHIPPED') {
          expect(shipment.status).toBe('IN_TRANSIT')
          expect(shipment.deliveredAt).toBeNull()
        } else {
          expect(['DELIVERED', 'RETURNED']).toContain(shipment.status)
          expect(shipment.deliveredAt).not.toBeNull()
        }
      }
    })

    it('ships from and stocks in warehouses that exist, products that exist, with unique tracking numbers', () => {
      for (const shipment of shipments) expect(Number(shipment.warehouse.id)).toBeLessThanOrEqual(world.warehouseCount)
      expect(new Set(shipments.map((shipment) => shipment.trackingNumber)).size).toBe(shipments.length)
      const products = new Set(stock.map((level) => Number(level.product.id)))
      expect([...products].sort((a, b) => a - b)).toEqual(Array.from({ length: world.productCount }, (_, i) => i + 1))
      for (const level of stock) {
        expect(Number(level.warehouse.id)).toBeLessThanOrEqual(world.warehouseCount)
        expect(level.quantity).toBeGreaterThanOrEqual(0)
      }
    })
  })

  describe('ids that name nothing', () => {
    it('answers null for a shipment or warehouse id that names none', async () => {
      const result = await subgraph.query(`{ a: shipment(id: "999999") { id } b: shipment(id: "abc") { id } c: warehouse(id: "999999") { id } d: warehouse(id: "0") { id } }`)
      expect(result.errors).toBeUndefined()
      expect(result.data).toEqual({ a: null, b: null, c: null, d: null })
    })

    it('answers null for shipment references that name nothing', async () => {
      const { data } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shipment { id } } }`, {
        representations: [{ __typename: 'Shipment', id: '999999' }, { __typename: 'Shipment', id: 'abc' }, { __typename: 'Shipment', id: '2' }],
      })
      expect(data._entities).toEqual([null, null, { id: '2' }])
    })

    it('gives an unknown product no stock and an unknown or cancelled order no shipments', async () => {
      const cancelled = Array.from({ length: world.orderCount }, (_, i) => world.order(i + 1)).find((order) => order.status === 'CANCELLED')!
      const { data } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id stock { id } } ... on Order { id shipments { id } } } }`,
        {
          representations: [
            { __typename: 'Product', id: '999999' },
            { __typename: 'Product', id: 'abc' },
            { __typename: 'Order', id: '999999' },
            { __typename: 'Order', id: 'abc' },
            { __typename: 'Order', id: String(cancelled.id) },
          ],
        },
      )
      expect(data._entities).toEqual([
        { id: '999999', stock: [] },
        { id: 'abc', stock: [] },
        { id: '999999', shipments: [] },
        { id: 'abc', shipments: [] },
        { id: String(cancelled.id), shipments: [] },
      ])
    })
  })
})
