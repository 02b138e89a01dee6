import { DemoWorld } from '@datamesh/kit'
import { TEST_WORLD } from '@datamesh/kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { delta, startTestMesh, type TestMesh } from '../src/testing.js'
import { ANALYST, domains, policies } from './mesh.js'

const ORDERS_PAGE = `query OrdersPage($first: Int!) {
  orders(first: $first) {
    edges { node {
      id total
      customer { id name country }
      lines { quantity unitPrice product { id name category { name } stock { warehouse { name } quantity } } }
      shipments { id carrier status order { id status } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`

let mesh: TestMesh
let analyst: Record<string, string>
const world = new DemoWorld(TEST_WORLD)

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
  analyst = await mesh.as(ANALYST)
})
afterAll(() => mesh?.stop())

describe('the composed mesh', () => {
  it("answers the README's cross-domain query as pasted", async () => {
    const result = await mesh.query(
      `{ orders(first: 5) { edges { node { id total customer { name country } lines { quantity product { name category { name } stock { warehouse { name } quantity } } } shipments { carrier status } } } } }`,
      {},
      analyst,
    )
    expect(result.errors).toBeUndefined()
    const nodes = result.data.orders.edges.map((edge: any) => edge.node)
    expect(nodes.map((order: any) => order.id)).toEqual(['1', '2', '3', '4', '5'])
    for (const order of nodes) {
      expect(order.customer.name).toMatch(/\S+ \S+/)
      expect(order.lines.length).toBe(world.order(Number(order.id)).lines.length)
      for (const line of order.lines) expect(line.product.category.name).toBeTruthy()
    }
  })

  it('joins entities across domains in both directions with consistent data', async () => {
    const result = await mesh.query(ORDERS_PAGE, { first: 20 }, analyst)
    expect(result.errors).toBeUndefined()
    for (const { node: order } of result.data.orders.edges) {
      const fact = world.order(Number(order.id))
      expect(order.customer.id).toBe(String(fact.customerId))
      expect(order.total).toBe(fact.total)
      expect(order.lines.map((line: any) => line.product.id)).toEqual(fact.lines.map((line) => String(line.productId)))
      for (const shipment of order.shipments) expect(shipment.order).toEqual({ id: order.id, status: fact.status })
    }
    const customerId = result.data.orders.edges[0].node.customer.id
    const back = await mesh.query(`query($id: ID!) { customer(id: $id) { id name orders(first: 100) { id customer { id } } } }`, { id: customerId }, analyst)
    expect(back.errors).toBeUndefined()
    const expected = Array.from({ length: world.orderCount }, (_, i) => world.order(i + 1)).filter((order) => order.customerId === Number(customerId))
    expect(back.data.customer.orders.map((order: any) => order.id)).toEqual(expected.map((order) => String(order.id)).reverse().slice(0, 100))
    for (const order of back.data.customer.orders) expect(order.customer.id).toBe(customerId)
  })

  it('runs the same number of SQL statements per subgraph for 10 orders as for 100', async () => {
    const count = async (first: number) => {
      const before = mesh.statements()
      const result = await mesh.query(ORDERS_PAGE, { first }, analyst)
      expect(result.errors).toBeUndefined()
      expect(result.data.orders.edges).toHaveLength(first)
      return delta(mesh.statements(), before)
    }
    const ten = await count(10)
    const hundred = await count(100)
    expect(hundred).toEqual(ten)
    // One statement per batch: the page; lines; customers; products; categories; stock,
    // warehouses; shipments; the shipments' orders.
    expect(hundred).toEqual({ customers: 1, catalog: 2, orders: 3, fulfillment: 3 })
  })

  it('fetches from each subgraph a number of times set by the query, not by the rows', async () => {
    const count = async (first: number) => {
      const before = mesh.fetches()
      await mesh.query(ORDERS_PAGE, { first }, analyst)
      return delta(mesh.fetches(), before)
    }
    expect(await count(100)).toEqual(await count(10))
  })

  it('shares one subgraph call among identical queries in flight for the same subject, never across subjects', async () => {
    const single = async () => {
      const before = mesh.fetches()
      await mesh.query(ORDERS_PAGE, { first: 10 }, analyst)
      return Object.values(delta(mesh.fetches(), before)).reduce((sum, count) => sum + count, 0)
    }
    const alone = await single()
    const before = mesh.fetches()
    const together = await Promise.all(Array.from({ length: 5 }, () => mesh.query(ORDERS_PAGE, { first: 10 }, analyst)))
    const fetched = Object.values(delta(mesh.fetches(), before)).reduce((sum, count) => sum + count, 0)
    for (const result of together) expect(result).toEqual(together[0])
    expect(fetched).toBeLessThan(5 * alone)
    // Two customers asking the same at the same time each get their own rows (row rules).
    const ids = ['2', '3']
    const mine = await Promise.all(
      ids.map(async (id) => mesh.query(`{ orders(first: 5) { edges { node { id customer { id } } } } }`, {}, await mesh.as({ sub: id, roles: ['customer'] }))),
    )
    mine.forEach((result, index) => {
      expect(result.errors).toBeUndefined()
      expect(result.data.orders.edges.length).toBeGreaterThan(0)
      for (const edge of result.data.orders.edges) expect(edge.node.customer.id).toBe(ids[index])
    })
  })

  it('does not expose the subgraphs’ federation entry points', async () => {
    const entities = await mesh.query(`{ _entities(representations: [{ __typename: "Customer", id: "1" }]) { ... on Customer { email } } }`, {}, analyst)
    expect(entities.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    const service = await mesh.query(`{ _service { sdl } }`, {}, analyst)
    expect(service.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
  })

  it('publishes its own measurements at /metrics', async () => {
    await mesh.query(`{ product(id: "1") { name } }`, {}, analyst)
    const response = await fetch(new URL('/metrics', mesh.gateway.url))
    const text = await response.text()
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    const count = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0)
    expect(count('datamesh_policy_evaluation_seconds_count')).toBeGreaterThan(0)
    expect(text).toMatch(/^datamesh_policy_evaluation_seconds\{quantile="0\.99"\} \d/m)
    expect(count('datamesh_request_duration_seconds_count\\{outcome="ok"\\}')).toBeGreaterThan(0)
  })

  it('reports health and readiness', async () => {
    const health = await fetch(new URL('/health', mesh.gateway.url))
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(new URL('/ready', mesh.gateway.url))
    expect(ready.status).toBe(200)
    const body = (await ready.json()) as any
    expect(Object.keys(body.checks).sort()).toEqual(['catalog', 'customers', 'fulfillment', 'orders', 'supergraph'])
  })
})
