// The refresh on the real mesh: five subgraphs over freshly seeded databases and the
// governed gateway, the analytics service reading its inputs through the gateway like any
// consumer. Its features must be exactly what a direct computation over the generated
// world gives.
import catalog, { policies as catalogPolicies } from '@datamesh/catalog'
import customers, { policies as customerPolicies } from '@datamesh/customers'
import fulfillment, { policies as fulfillmentPolicies } from '@datamesh/fulfillment'
import { startTestMesh, type TestMesh } from '@datamesh/gateway/testing'
import { DemoWorld } from '@datamesh/kit'
import { TEST_WORLD } from '@datamesh/kit/testing'
import orders, { policies as orderPolicies } from '@datamesh/orders'
import { loadProducts } from '@datamesh/products'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import analytics, { ANALYTICS_SERVICE, policies as analyticsPolicies, readConnection, refreshFeatures, RefreshError, type RefreshReport } from '../src/index.js'

const AS_OF = new Date('2026-09-01T00:00:00Z')
const DAY = 86_400_000
const world = new DemoWorld(TEST_WORLD)

// --- the expected features, straight from the generator's facts --------------------------

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places
const categoryNames = new Map(world.categories.map((category) => [category.id, category.name]))
const facts = Array.from({ length: world.orderCount }, (_, i) => world.order(i + 1))
const counted = facts.filter((order) => order.status !== 'CANCELLED' && order.placedAt < AS_OF)

function expectedCustomer(id: number) {
  const own = counted.filter((order) => order.customerId === id)
  const cents = own.reduce((sum, order) => sum + Math.round(order.total * 100), 0)
  const last = own.length ? Math.max(...own.map((order) => order.placedAt.getTime())) : null
  const days = last === null ? null : Math.floor((AS_OF.getTime() - last) / DAY)
  const units = new Map<string, number>()
  for (const order of own) {
    for (const line of order.lines) {
      const name = categoryNames.get(world.product(line.productId).categoryId) as string
      units.set(name, (units.get(name) ?? 0) + line.quantity)
    }
  }
  const ranked = [...units].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
  return {
    customer: { id: String(id) },
    orderCount: own.length,
    lifetimeValue: cents / 100,
    averageBasket: own.length ? Math.round(cents / own.length) / 100 : null,
    daysSinceLastOrder: days,
    favouriteCategory: ranked[0]?.[0] ?? null,
    churnRisk: days === null ? 'NONE' : days <= 90 ? 'LOW' : days <= 180 ? 'MEDIUM' : 'HIGH',
  }
}

function expectedDemand(id: number, stockOnHand: number) {
  const since = AS_OF.getTime() - 84 * DAY
  let units = 0
  for (const order of counted) {
    if (order.placedAt.getTime() < since) continue
    for (const line of order.lines) if (line.productId === id) units += line.quantity
  }
  const perWeek = units / 12
  return { product: { id: String(id) }, unitsPerWeek: round(perWeek, 2), stockOnHand, stockCoverDays: units ? round(stockOnHand / (perWeek / 7), 1) : null }
}

// --- the mesh -------------------------------------------------------------------------

let mesh: TestMesh
let service: Record<string, string>
let analyst: Record<string, string>
let report: RefreshReport
let stockByProduct: Map<number, number>
let stockLevelCount: number
const progress: [string, number, number | undefined][] = []

/** Every node of a root connection read through the gateway. */
async function collect(field: string, selection: string, headers: Record<string, string>): Promise<any[]> {
  const nodes: any[] = []
  let after: string | null = null
  for (;;) {
    const result = await mesh.query(`query($after: String) { ${field}(first: 100, after: $after) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`, { after }, headers)
    expect(result.errors).toBeUndefined()
    nodes.push(...result.data[field].edges.map((edge: any) => edge.node))
    if (!result.data[field].pageInfo.hasNextPage) return nodes
    after = result.data[field].pageInfo.endCursor
  }
}

beforeAll(async () => {
  mesh = await startTestMesh([customers, catalog, orders, fulfillment, analytics], {
    policies: [...customerPolicies, ...catalogPolicies, ...orderPolicies, ...fulfillmentPolicies, ...analyticsPolicies],
  })
  service = await mesh.as(ANALYTICS_SERVICE, 'analytics')
  analyst = await mesh.as({ sub: 'ana', roles: ['analyst'] })
  const stock = await mesh.subgraphs.fulfillment!.database.db
    .selectFrom('stock_levels' as never)
    .select((eb: any) => ['product_id', eb.fn.sum('quantity').as('units'), eb.fn.countAll().as('levels')])
    .groupBy('product_id' as never)
    .execute()
  stockByProduct = new Map(stock.map((row: any) => [row.product_id, Number(row.units)]))
  stockLevelCount = stock.reduce((sum, row: any) => sum + Number(row.levels), 0)
  report = await refreshFeatures({
    gatewayUrl: mesh.gateway.url,
    headers: service,
    db: mesh.subgraphs.analytics!.database.db,
    asOf: AS_OF,
    onProgress: (step, done, total) => progress.push([step, done, total]),
  })
})
afterAll(() => mesh?.stop())

describe('datamesh analytics refresh, through the governed gateway', () => {
  it('computes every customer’s features exactly as a direct computation over the generated world', async () => {
    const features = await collect('customerFeatures', 'customer { id } orderCount lifetimeValue averageBasket daysSinceLastOrder favouriteCategory churnRisk asOf', analyst)
    expect(features).toHaveLength(world.customerCount)
    const expected = Array.from({ length: world.customerCount }, (_, i) => ({ ...expectedCustomer(i + 1), asOf: AS_OF.toISOString() }))
    expect(features).toEqual(expected)
    // The as-of time matters: the data has every churn risk, and orders after it are left out.
    expect(new Set(features.map((row) => row.churnRisk))).toEqual(new Set(['LOW', 'MEDIUM', 'HIGH', 'NONE'].filter((risk) => expected.some((row) => row.churnRisk === risk))))
    expect(new Set(features.map((row) => row.churnRisk)).size).toBeGreaterThan(1)
    expect(counted.length).toBeLessThan(facts.filter((order) => order.status !== 'CANCELLED').length)
  })

  it('computes every product’s demand and stock cover from the orders and the inventory', async () => {
    const demand = await collect('productDemand', 'product { id } unitsPerWeek stockOnHand stockCoverDays', analyst)
    expect(demand).toHaveLength(world.productCount)
    expect(demand).toEqual(Array.from({ length: world.productCount }, (_, i) => expectedDemand(i + 1, stockByProduct.get(i + 1) ?? 0)))
    expect(demand.filter((row) => row.unitsPerWeek > 0).length).toBeGreaterThan(0)
  })

  it('resolves Customer.features and Product.demand across domains through the gateway', async () => {
    const result = await mesh.query(
      `{ customer(id: "2") { name features { orderCount lifetimeValue } } product(id: "3") { name category { name } demand { unitsPerWeek stockOnHand } } }`,
      {},
      analyst,
    )
    expect(result.errors).toBeUndefined()
    const customer = expectedCustomer(2)
    expect(result.data.customer.name).toMatch(/\S+ \S+/)
    expect(result.data.customer.features).toEqual({ orderCount: customer.orderCount, lifetimeValue: customer.lifetimeValue })
    const demand = expectedDemand(3, stockByProduct.get(3) ?? 0)
    expect(result.data.product.demand).toEqual({ unitsPerWeek: demand.unitsPerWeek, stockOnHand: demand.stockOnHand })
    const features = await mesh.query(`{ orders(first: 3) { edges { node { customer { id features { churnRisk } } } } } }`, {}, analyst)
    expect(features.errors).toBeUndefined()
    for (const { node } of features.data.orders.edges) expect(node.customer.features.churnRisk).toBe(expectedCustomer(Number(node.customer.id)).churnRisk)
  })

  it('governs the features: anonymous subjects get none, customers only their own and never their churn risk', async () => {
    const anonymous = await mesh.query(`{ customer(id: "2") { name features { orderCount } } }`)
    expect(anonymous.data.customer).toEqual({ name: expect.any(String), features: null })
    expect(anonymous.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Customer.features' })
    const self = await mesh.as({ sub: '2', roles: ['customer'] })
    const own = await mesh.query(`{ a: customer(id: "2") { features { orderCount churnRisk } } customerFeatures(first: 100) { edges { node { customer { id } } } } }`, {}, self)
    expect(own.data.a.features).toEqual({ orderCount: expectedCustomer(2).orderCount, churnRisk: null })
    expect(own.data.customerFeatures.edges).toEqual([{ node: { customer: { id: '2' } } }])
    expect(own.errors.map((error: any) => error.extensions.coordinate)).toEqual(['CustomerFeatures.churnRisk'])
  })

  it('records the run’s lineage: inputs with their descriptor versions and row counts, outputs, as-of', async () => {
    const versions = new Map(loadProducts(['customers', 'catalog', 'fulfillment', 'orders', 'analytics']).map((product) => [product.id, product.version]))
    const runs = await collect('refreshRuns', 'id asOf startedAt finishedAt durationMs readAs purpose inputs { product version rowsRead } outputs { product version rowsWritten }', analyst)
    expect(runs).toHaveLength(1)
    const [run] = runs
    const ordersBefore = facts.filter((order) => order.placedAt < AS_OF).length
    expect(run).toMatchObject({
      id: String(report.runId),
      asOf: AS_OF.toISOString(),
      readAs: 'svc-analytics',
      purpose: 'analytics',
      durationMs: report.durationMs,
      inputs: [
        { product: 'customers.profiles', version: versions.get('customers.profiles'), rowsRead: world.customerCount },
        { product: 'catalog.products', version: versions.get('catalog.products'), rowsRead: world.productCount },
        { product: 'fulfillment.inventory', version: versions.get('fulfillment.inventory'), rowsRead: stockLevelCount },
        { product: 'orders.orders', version: versions.get('orders.orders'), rowsRead: ordersBefore },
      ],
      outputs: [
        { product: 'analytics.customer-features', version: versions.get('analytics.customer-features'), rowsWritten: world.customerCount },
        { product: 'analytics.product-demand', version: versions.get('analytics.product-demand'), rowsWritten: world.productCount },
      ],
    })
    expect(Date.parse(run.startedAt)).toBeLessThanOrEqual(Date.parse(run.finishedAt))
    expect(report.inputs).toEqual(run.inputs)
    // Progress came per page with the totals the first page told.
    expect(progress).toContainEqual(['orders.orders', ordersBefore, ordersBefore])
    expect(progress).toContainEqual(['analytics.customer-features', world.customerCount, world.customerCount])
  })

  it('fails with a clear error when the analytics identity lacks the purpose, and changes nothing', async () => {
    const db = mesh.subgraphs.analytics!.database.db
    const before = await db.selectFrom('refresh_runs').select('id').execute()
    const unapproved = await mesh.as({ ...ANALYTICS_SERVICE, purposes: [] }, 'analytics')
    const refresh = refreshFeatures({ gatewayUrl: mesh.gateway.url, headers: unapproved, db, asOf: AS_OF })
    await expect(refresh).rejects.toThrow(RefreshError)
    await expect(refresh).rejects.toThrow(
      'reading customers.profiles: the gateway refused the request (403): purpose "analytics" is not approved by the token (it approves: none)',
    )
    const undeclared = refreshFeatures({ gatewayUrl: mesh.gateway.url, headers: { authorization: service.authorization! }, db, asOf: AS_OF })
    await expect(undeclared).rejects.toThrow(/must declare its purpose \(the x-datamesh-purpose header\)/)
    expect(await db.selectFrom('refresh_runs').select('id').execute()).toEqual(before)
    expect((await db.selectFrom('customer_features').select('run_id').distinct().execute()).map((row) => row.run_id)).toEqual([report.runId])
  })

  it('refuses to read a denied or masked field, naming it', async () => {
    const read = (query: string, field: string, headers: Record<string, string>) =>
      (async () => {
        for await (const _ of readConnection({ gatewayUrl: mesh.gateway.url, headers, product: 'test', field, query })) {
          // reading to the end, or to the first governed problem
        }
      })()
    const orders = `query($first: Int!, $after: String, $count: Boolean!) { orders(first: $first, after: $after) { totalCount @include(if: $count) edges { node { id } } pageInfo { hasNextPage endCursor } } }`
    await expect(read(orders, 'orders', {})).rejects.toThrow(/^reading test through the gateway: Query\.orders is forbidden \(@authenticated\)/)
    const emails = `query($first: Int!, $after: String, $count: Boolean!) { customers(first: $first, after: $after) { totalCount @include(if: $count) edges { node { id email } } pageInfo { hasNextPage endCursor } } }`
    await expect(read(emails, 'customers', service)).rejects.toThrow(/^reading test through the gateway: masked Customer\.email \(email\): features are never computed on masked values$/)
  })

  it('fails clearly when the gateway cannot be reached', async () => {
    const refresh = refreshFeatures({ gatewayUrl: 'http://127.0.0.1:1/graphql', headers: service, db: mesh.subgraphs.analytics!.database.db, asOf: AS_OF })
    await expect(refresh).rejects.toThrow(/^cannot reach the gateway at http:\/\/127\.0\.0\.1:1\/graphql to read customers\.profiles: /)
  })
})
