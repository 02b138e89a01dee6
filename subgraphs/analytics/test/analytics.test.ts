import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoWorld, seedDomain } from '@datamesh/kit'
import { startTestSubgraph, TEST_WORLD, type TestSubgraph } from '@datamesh/kit/testing'
import analytics, { churnRisk, FeatureAggregator, writeFeatures, type CustomerFeatureValues, type ProductDemandValues, type Database } from '../src/index.js'

// The subgraph on its own: its features are written straight from the demo world (the
// refresh through the gateway is tested in refresh.test.ts), then read back through its
// connections, filters and entity references.
const world = new DemoWorld(TEST_WORLD)
const AS_OF = new Date('2026-09-01T00:00:00Z')
const categoryName = new Map(world.categories.map((category) => [category.id, category.name]))
const VERSIONS = new Map([
  ['analytics.customer-features', '1.0.0'],
  ['analytics.product-demand', '1.0.0'],
])

/** The world as the refresh would see it; stock is a made-up 3 units per product id. */
function aggregate(asOf: Date): FeatureAggregator {
  const aggregator = new FeatureAggregator(asOf)
  for (let id = 1; id <= world.customerCount; id++) aggregator.addCustomer(id)
  for (let id = 1; id <= world.productCount; id++) {
    aggregator.addProduct(id)
    aggregator.addStock(id, id * 3)
  }
  for (let id = 1; id <= world.orderCount; id++) {
    const order = world.order(id)
    if (order.placedAt >= asOf) continue
    aggregator.addOrder({
      customerId: order.customerId,
      placedAt: order.placedAt,
      status: order.status,
      total: order.total,
      lines: order.lines.map((line) => ({ productId: line.productId, quantity: line.quantity, category: categoryName.get(world.product(line.productId).categoryId) as string })),
    })
  }
  return aggregator
}

async function write(subgraph: TestSubgraph<Database>, asOf: Date) {
  const aggregator = aggregate(asOf)
  const run = await writeFeatures(subgraph.database.db, aggregator, {
    asOf,
    startedAt: new Date(),
    computedAt: new Date(),
    readAs: 'test',
    purpose: 'analytics',
    inputs: [{ product: 'orders.orders', version: '1.4.0', rowsRead: world.orderCount }],
    versions: VERSIONS,
  })
  return { run, customers: [...aggregator.customerFeatures()], products: [...aggregator.productDemand()] }
}

let subgraph: TestSubgraph<Database>
let customers: CustomerFeatureValues[]
let products: ProductDemandValues[]
let runIds: number[]

beforeAll(async () => {
  subgraph = await startTestSubgraph(analytics)
  // Two runs: the second (the one the tests read) replaces the first's features.
  const first = await write(subgraph, new Date('2026-03-01T00:00:00Z'))
  const second = await write(subgraph, AS_OF)
  customers = second.customers
  products = second.products
  runIds = [first.run.runId, second.run.runId]
})
afterAll(() => subgraph?.stop())

const FEATURES = 'customer { id } orderCount lifetimeValue averageBasket daysSinceLastOrder favouriteCategory churnRisk asOf computedAt'

const expectedFeatures = (values: CustomerFeatureValues) => ({
  customer: { id: String(values.customerId) },
  orderCount: values.orderCount,
  lifetimeValue: values.lifetimeValue,
  averageBasket: values.averageBasket,
  daysSinceLastOrder: values.daysSinceLastOrder,
  favouriteCategory: values.favouriteCategory,
  churnRisk: values.churnRisk,
  asOf: AS_OF.toISOString(),
})

describe('analytics subgraph', () => {
  describe('the feature computations', () => {
    it('grades churn risk by the days since the last order', () => {
      expect([null, 0, 90, 91, 180, 181, 2000].map(churnRisk)).toEqual(['NONE', 'LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH'])
    })

    it('counts only orders before the as-of time that were not cancelled, and breaks category ties alphabetically', () => {
      const aggregator = new FeatureAggregator(new Date('2026-01-31T00:00:00Z'))
      const order = (placedAt: string, status: string, total: number, lines: [number, number, string][]) =>
        aggregator.addOrder({ customerId: 7, placedAt: new Date(placedAt), status, total, lines: lines.map(([productId, quantity, category]) => ({ productId, quantity, category })) })
      order('2026-01-01T12:00:00Z', 'DELIVERED', 10.1, [[1, 2, 'Running']])
      order('2026-01-10T00:00:00Z', 'PAID', 20.2, [[2, 2, 'Cycling']])
      order('2026-01-20T00:00:00Z', 'CANCELLED', 99, [[2, 5, 'Cycling']])
      order('2026-02-01T00:00:00Z', 'PAID', 50, [[2, 5, 'Cycling']])
      aggregator.addCustomer(8)
      expect([...aggregator.customerFeatures()]).toEqual([
        { customerId: 7, orderCount: 2, lifetimeValue: 30.3, averageBasket: 15.15, daysSinceLastOrder: 21, lastOrderAt: new Date('2026-01-10T00:00:00Z'), favouriteCategory: 'Cycling', churnRisk: 'LOW' },
        { customerId: 8, orderCount: 0, lifetimeValue: 0, averageBasket: null, daysSinceLastOrder: null, lastOrderAt: null, favouriteCategory: null, churnRisk: 'NONE' },
      ])
      aggregator.addStock(2, 10)
      expect([...aggregator.productDemand()]).toEqual([
        { productId: 1, unitsPerWeek: 0.17, stockOnHand: 0, stockCoverDays: 0 },
        { productId: 2, unitsPerWeek: 0.17, stockOnHand: 10, stockCoverDays: 420 },
      ])
    })
  })

  describe('Query.customerFeatures connection', () => {
    it('pages through the features in customer id order with cursors', async () => {
      const first = await subgraph.query(`{ customerFeatures(first: 3) { edges { cursor node { customer { id } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)
      expect(first.errors).toBeUndefined()
      const page = first.data.customerFeatures
      expect(page.edges.map((edge: any) => edge.node.customer.id)).toEqual(['1', '2', '3'])
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor })
      const next = await subgraph.query(`query($after: String) { customerFeatures(first: 2, after: $after) { edges { node { customer { id } } } pageInfo { hasPreviousPage } } }`, {
        after: page.pageInfo.endCursor,
      })
      expect(next.data.customerFeatures.edges.map((edge: any) => edge.node.customer.id)).toEqual(['4', '5'])
      expect(next.data.customerFeatures.pageInfo.hasPreviousPage).toBe(true)
    })

    it('returns every customer the refresh wrote, with the values it computed', async () => {
      const all = await subgraph.collect('customerFeatures', 'CustomerFeaturesFilter', { filter: {} }, FEATURES, 7)
      expect(all).toHaveLength(world.customerCount)
      expect(all.map(({ computedAt: _, ...rest }) => rest)).toEqual(customers.map(expectedFeatures))
      expect(new Set(all.map((features) => features.computedAt)).size).toBe(1)
    })

    it('refuses a page larger than the maximum and a cursor it did not issue', async () => {
      const large = await subgraph.query(`{ customerFeatures(first: 101) { edges { node { orderCount } } } }`)
      expect(large.data).toEqual({ customerFeatures: null })
      expect(large.errors[0].message).toBe('Query.customerFeatures: "first" must be between 1 and 100, got 101')
      expect(large.errors[0].extensions.code).toBe('BAD_USER_INPUT')
      const cursor = await subgraph.query(`{ customerFeatures(after: "bm9wZQ") { edges { node { orderCount } } } }`)
      expect(cursor.errors[0].message).toBe('Query.customerFeatures: "after" is not a cursor this field returned')
    })

    it('counts the features only when totalCount is selected', async () => {
      const without = await subgraph.counted(`{ customerFeatures(first: 5) { edges { node { orderCount } } } }`)
      expect(without.statements).toBe(1)
      const withCount = await subgraph.counted(`{ customerFeatures(first: 5) { totalCount edges { node { orderCount } } } }`)
      expect(withCount.statements).toBe(2)
      expect(withCount.data.customerFeatures.totalCount).toBe(world.customerCount)
    })
  })

  describe('customer feature filters', () => {
    const ids = async (filter: Record<string, unknown>) => (await subgraph.collect('customerFeatures', 'CustomerFeaturesFilter', { filter }, 'customer { id }')).map((node) => Number(node.customer.id))

    it('filters by a list of churn risks', async () => {
      const risks = new Set(customers.map((values) => values.churnRisk))
      expect(risks.size).toBeGreaterThan(1)
      for (const risk of risks) {
        expect(await ids({ churnRisk: [risk] })).toEqual(customers.filter((values) => values.churnRisk === risk).map((values) => values.customerId))
      }
      expect(await ids({ churnRisk: ['MEDIUM', 'HIGH'] })).toEqual(customers.filter((values) => ['MEDIUM', 'HIGH'].includes(values.churnRisk)).map((values) => values.customerId))
    })

    it('filters by minimum lifetime value, inclusive', async () => {
      const threshold = [...customers].sort((a, b) => b.lifetimeValue - a.lifetimeValue)[9]!.lifetimeValue
      const expected = customers.filter((values) => values.lifetimeValue >= threshold).map((values) => values.customerId)
      expect(expected.length).toBeGreaterThanOrEqual(10)
      expect(expected.length).toBeLessThan(customers.length)
      expect(await ids({ minLifetimeValue: threshold })).toEqual(expected)
    })

    it('combines conditions so that all of them hold', async () => {
      const expected = customers.filter((values) => values.churnRisk === 'LOW' && values.lifetimeValue >= 1000).map((values) => values.customerId)
      expect(await ids({ churnRisk: ['LOW'], minLifetimeValue: 1000 })).toEqual(expected)
    })
  })

  describe('row rule and churn-risk filter for customers', () => {
    const customer = { sub: '3', scopes: [], roles: ['customer'], purpose: undefined }

    it('shows a subject with the role customer only their own features, in lists and references', async () => {
      const list = await subgraph.query(`{ customerFeatures(first: 100) { totalCount edges { node { customer { id } orderCount } } } }`, {}, customer)
      expect(list.errors).toBeUndefined()
      expect(list.data.customerFeatures.totalCount).toBe(1)
      expect(list.data.customerFeatures.edges.map((edge: any) => edge.node.customer.id)).toEqual(['3'])
      const references = await subgraph.query(
        `{ _entities(representations: [{ __typename: "Customer", id: "3" }, { __typename: "Customer", id: "4" }]) { ... on Customer { id features { orderCount } } } }`,
        {},
        customer,
      )
      expect(references.data._entities).toEqual([
        { id: '3', features: { orderCount: customers[2]!.orderCount } },
        { id: '4', features: null },
      ])
    })

    it('refuses a customer filtering by churn risk, which would tell them their own score', async () => {
      const result = await subgraph.query(`{ customerFeatures(filter: { churnRisk: [HIGH] }) { edges { node { orderCount } } } }`, {}, customer)
      expect(result.data).toEqual({ customerFeatures: null })
      expect(result.errors[0].extensions.code).toBe('FORBIDDEN')
      expect(result.errors[0].message).toMatch(/churnRisk is for staff/)
    })
  })

  describe('Query.productDemand connection', () => {
    it('lists every product in id order with its demand', async () => {
      const all = await subgraph.collect('productDemand', null, {}, 'product { id } unitsPerWeek stockOnHand stockCoverDays asOf', 30)
      expect(all).toEqual(
        products.map((values) => ({
          product: { id: String(values.productId) },
          unitsPerWeek: values.unitsPerWeek,
          stockOnHand: values.stockOnHand,
          stockCoverDays: values.stockCoverDays,
          asOf: AS_OF.toISOString(),
        })),
      )
      expect(all.some((demand) => demand.unitsPerWeek > 0)).toBe(true)
    })
  })

  describe('entity references and batching', () => {
    const representations = (typename: string, count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ __typename: typename, id: String(from + i) }))

    it("resolves any number of customers' features in one statement", async () => {
      const costs: number[] = []
      for (const count of [10, 40]) {
        const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id features { ${FEATURES} } } } }`, {
          representations: representations('Customer', count),
        })
        expect(data._entities).toHaveLength(count)
        for (const entity of data._entities) {
          const { computedAt: _, ...features } = entity.features
          expect(features).toEqual(expectedFeatures(customers[Number(entity.id) - 1]!))
        }
        costs.push(statements)
      }
      expect(costs).toEqual([1, 1])
    })

    it("resolves any number of products' demand in one statement, and both kinds in one each", async () => {
      const products = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id demand { unitsPerWeek } } } }`, {
        representations: representations('Product', world.productCount),
      })
      expect(products.statements).toBe(1)
      expect(products.data._entities.every((entity: any) => typeof entity.demand.unitsPerWeek === 'number')).toBe(true)
      const both = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { demand { stockOnHand } } ... on Customer { features { orderCount } } } }`, {
        representations: [...representations('Product', 10), ...representations('Customer', 10)],
      })
      expect(both.statements).toBe(2)
    })

    it('answers null features and demand for ids that name nothing', async () => {
      const { data } = await subgraph.counted(
        `{ _entities(representations: [{ __typename: "Customer", id: "999999" }, { __typename: "Customer", id: "abc" }, { __typename: "Product", id: "999999" }, { __typename: "Product", id: "-1" }]) { ... on Customer { id features { orderCount } } ... on Product { id demand { unitsPerWeek } } } }`,
      )
      expect(data._entities).toEqual([
        { id: '999999', features: null },
        { id: 'abc', features: null },
        { id: '999999', demand: null },
        { id: '-1', demand: null },
      ])
    })
  })

  describe('refresh runs and their replacement', () => {
    it('lists every run with its lineage, oldest first', async () => {
      const runs = await subgraph.collect('refreshRuns', null, {}, 'id asOf startedAt finishedAt durationMs readAs purpose inputs { product version rowsRead } outputs { product version rowsWritten }')
      expect(runs.map((run) => Number(run.id))).toEqual(runIds)
      const last = runs.at(-1)
      expect(last).toMatchObject({
        asOf: AS_OF.toISOString(),
        readAs: 'test',
        purpose: 'analytics',
        inputs: [{ product: 'orders.orders', version: '1.4.0', rowsRead: world.orderCount }],
        outputs: [
          { product: 'analytics.customer-features', version: '1.0.0', rowsWritten: world.customerCount },
          { product: 'analytics.product-demand', version: '1.0.0', rowsWritten: world.productCount },
        ],
      })
      expect(Date.parse(last.finishedAt)).toBeGreaterThanOrEqual(Date.parse(last.startedAt))
      expect(last.durationMs).toBeGreaterThanOrEqual(0)
    })

    it('keeps only the latest run’s features', async () => {
      const db = subgraph.database.db
      const features = await db.selectFrom('customer_features').select(['run_id']).distinct().execute()
      const demand = await db.selectFrom('product_demand').select(['run_id']).distinct().execute()
      expect(features).toEqual([{ run_id: runIds[1] }])
      expect(demand).toEqual([{ run_id: runIds[1] }])
    })

    it('seeds no features: a new seed empties them and keeps the runs', async () => {
      const db = subgraph.database.db
      const report = await seedDomain(analytics, db, TEST_WORLD)
      expect(report.rows).toEqual({})
      expect(await db.selectFrom('customer_features').selectAll().execute()).toEqual([])
      expect(await db.selectFrom('product_demand').selectAll().execute()).toEqual([])
      expect((await db.selectFrom('refresh_runs').select('id').execute()).length).toBe(2)
      const empty = await subgraph.query(`{ customerFeatures { totalCount edges { node { orderCount } } } _entities(representations: [{ __typename: "Customer", id: "1" }]) { ... on Customer { features { orderCount } } } }`)
      expect(empty.data).toEqual({ customerFeatures: { totalCount: 0, edges: [] }, _entities: [{ features: null }] })
    })
  })
})
