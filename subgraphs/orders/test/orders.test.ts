import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoWorld, type OrderFact } from '@datamesh/kit'
import { startTestSubgraph, TEST_WORLD, type TestSubgraph } from '@datamesh/kit/testing'
import orders from '../src/index.js'

const world = new DemoWorld(TEST_WORLD)
const facts: OrderFact[] = Array.from({ length: world.orderCount }, (_, i) => world.order(i + 1))

let subgraph: TestSubgraph

beforeAll(async () => {
  subgraph = await startTestSubgraph(orders)
})
afterAll(() => subgraph?.stop())

/** Every order id the filter matches, following the cursors page by page. */
async function orderIds(filter: Record<string, unknown>): Promise<number[]> {
  const ids: number[] = []
  let after: string | null = null
  for (;;) {
    const result = await subgraph.query(
      `query($filter: OrderFilter, $after: String) { orders(first: 100, after: $after, filter: $filter) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { filter, after },
    )
    expect(result.errors).toBeUndefined()
    const page = result.data.orders
    ids.push(...page.edges.map((edge: any) => Number(edge.node.id)))
    if (!page.pageInfo.hasNextPage) return ids
    after = page.pageInfo.endCursor
  }
}

const representations = (typename: string, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => ({ __typename: typename, id: String(from + i) }))

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Order { id total lines { id quantity unitPrice } }
  ... on Customer { id orders(first: 3, status: DELIVERED) { id status } }
} }`

describe('orders subgraph', () => {
  describe('Query.orders connection', () => {
    it('pages through orders with cursors', async () => {
      const first = await subgraph.query(`{ orders(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)
      expect(first.errors).toBeUndefined()
      const page = first.data.orders
      expect(page.edges.map((edge: any) => edge.node.id)).toEqual(['1', '2', '3'])
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor })
      const next = await subgraph.query(`query($after: String) { orders(first: 2, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }`, {
        after: page.pageInfo.endCursor,
      })
      expect(next.data.orders.edges.map((edge: any) => edge.node.id)).toEqual(['4', '5'])
      expect(next.data.orders.pageInfo.hasPreviousPage).toBe(true)
    })

    it('returns 20 orders when no page size is given and ends with hasNextPage false', async () => {
      const result = await subgraph.query(`{ orders { edges { node { id } } } }`)
      expect(result.data.orders.edges).toHaveLength(20)
      expect(await orderIds({})).toEqual(facts.map((fact) => fact.id))
    })

    it('refuses a page larger than the maximum instead of cutting it', async () => {
      const result = await subgraph.query(`{ orders(first: 101) { edges { node { id } } } }`)
      expect(result.data).toEqual({ orders: null })
      expect(result.errors[0].message).toBe('Query.orders: "first" must be between 1 and 100, got 101')
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it('refuses an empty page', async () => {
      const result = await subgraph.query(`{ orders(first: 0) { edges { node { id } } } }`)
      expect(result.errors[0].message).toBe('Query.orders: "first" must be between 1 and 100, got 0')
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it('refuses a cursor it did not issue', async () => {
      const result = await subgraph.query(`{ orders(after: "bm9wZQ") { edges { node { id } } } }`)
      expect(result.data).toEqual({ orders: null })
      expect(result.errors[0].message).toBe('Query.orders: "after" is not a cursor this field returned')
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it('counts the orders only when totalCount is selected', async () => {
      const without = await subgraph.counted(`{ orders(first: 5) { edges { node { id } } } }`)
      expect(without.statements).toBe(1)
      const withCount = await subgraph.counted(`{ orders(first: 5) { totalCount edges { node { id } } } }`)
      expect(withCount.statements).toBe(2)
      expect(withCount.data.orders.totalCount).toBe(world.orderCount)
    })
  })

  describe('order filters', () => {
    it('filters by customer', async () => {
      const expected = facts.filter((fact) => fact.customerId === 1).map((fact) => fact.id)
      expect(expected.length).toBeGreaterThan(1)
      expect(await orderIds({ customerId: '1' })).toEqual(expected)
    })

    it('filters by a list of statuses', async () => {
      const statuses = ['PENDING', 'PAID', 'SHIPPED', 'CANCELLED']
      const expected = facts.filter((fact) => statuses.includes(fact.status)).map((fact) => fact.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(await orderIds({ status: statuses })).toEqual(expected)
      expect(await orderIds({ status: ['DELIVERED'] })).toEqual(facts.filter((fact) => fact.status === 'DELIVERED').map((fact) => fact.id))
    })

    it('filters by placement date, placedAfter inclusive and placedBefore exclusive', async () => {
      const placedAfter = world.order(100).placedAt.toISOString()
      const placedBefore = world.order(150).placedAt.toISOString()
      expect(await orderIds({ placedAfter, placedBefore })).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i))
      expect(await orderIds({ placedAfter: world.order(451).placedAt.toISOString() })).toEqual(Array.from({ length: 50 }, (_, i) => 451 + i))
      expect(await orderIds({ placedBefore: world.order(4).placedAt.toISOString() })).toEqual([1, 2, 3])
    })

    it('filters by minimum total', async () => {
      const expected = facts.filter((fact) => fact.total >= 500).map((fact) => fact.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(facts.length)
      expect(await orderIds({ minTotal: 500 })).toEqual(expected)
      const exact = world.order(7).total
      expect(await orderIds({ minTotal: exact })).toContain(7)
    })

    it('combines conditions so that all of them hold', async () => {
      const expected = facts.filter((fact) => fact.customerId <= 3 && fact.status === 'DELIVERED' && fact.total >= 100).map((fact) => fact.id)
      const byCustomer = await Promise.all(['1', '2', '3'].map((customerId) => orderIds({ customerId, status: ['DELIVERED'], minTotal: 100 })))
      expect(byCustomer.flat().sort((a, b) => a - b)).toEqual(expected)
    })

    it('finds nothing for a customer id that names no customer', async () => {
      const result = await subgraph.query(`{ a: orders(filter: { customerId: "999999" }) { totalCount edges { node { id } } } b: orders(filter: { customerId: "abc" }) { totalCount edges { node { id } } } }`)
      expect(result.errors).toBeUndefined()
      expect(result.data.a).toEqual({ totalCount: 0, edges: [] })
      expect(result.data.b).toEqual({ totalCount: 0, edges: [] })
    })

    it('refuses an inverted or empty date range', async () => {
      for (const [placedAfter, placedBefore] of [
        ['2026-06-01T00:00:00Z', '2026-01-01T00:00:00Z'],
        ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ]) {
        const result = await subgraph.query(`query($filter: OrderFilter) { orders(filter: $filter) { edges { node { id } } } }`, {
          filter: { placedAfter, placedBefore },
        })
        expect(result.data).toEqual({ orders: null })
        expect(result.errors[0].message).toBe('Query.orders: "placedAfter" must be earlier than "placedBefore"')
        expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
      }
    })
  })

  describe('entity references and batching', () => {
    it('resolves 40 order references in one statement', async () => {
      const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id status total } } }`, {
        representations: representations('Order', 40),
      })
      expect(statements).toBe(1)
      expect(data._entities).toHaveLength(40)
      expect(data._entities.map((order: any) => order.id)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)))
      expect(data._entities[9]).toEqual({ id: '10', status: world.order(10).status, total: world.order(10).total })
    })

    it('loads the lines of any number of orders in one more statement', async () => {
      const costs: number[] = []
      for (const count of [10, 50]) {
        const { data, statements } = await subgraph.counted(ENTITIES, { representations: representations('Order', count, 100) })
        expect(data._entities).toHaveLength(count)
        for (const order of data._entities) expect(order.lines.length).toBe(world.order(Number(order.id)).lines.length)
        costs.push(statements)
      }
      expect(costs).toEqual([2, 2])
    })

    it("loads any number of customers' orders in one statement", async () => {
      const costs: number[] = []
      for (const count of [10, 50]) {
        const { data, statements } = await subgraph.counted(ENTITIES, { representations: representations('Customer', count) })
        expect(data._entities).toHaveLength(count)
        expect(data._entities.some((customer: any) => customer.orders.length === 3)).toBe(true)
        costs.push(statements)
      }
      expect(costs).toEqual([1, 1])
    })

    it("loads customers' orders and those orders' lines in one statement each", async () => {
      const costs: number[] = []
      for (const count of [10, 50]) {
        const { data, statements } = await subgraph.counted(
          `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id orders(first: 5) { id lines { id } } } } }`,
          { representations: representations('Customer', count) },
        )
        expect(data._entities).toHaveLength(count)
        costs.push(statements)
      }
      expect(costs).toEqual([2, 2])
    })

    it("lists a customer's orders newest first, at most `first`, with the status asked for", async () => {
      const customers = [1, 2, 7, 23]
      const { data } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id latest: orders(first: 4) { id } delivered: orders(first: 3, status: DELIVERED) { id status } all: orders(first: 100) { id } } } }`,
        { representations: customers.map((id) => ({ __typename: 'Customer', id: String(id) })) },
      )
      for (const customer of data._entities) {
        const own = facts.filter((fact) => fact.customerId === Number(customer.id)).sort((a, b) => b.id - a.id)
        expect(customer.all.map((order: any) => Number(order.id))).toEqual(own.map((fact) => fact.id))
        expect(customer.latest.map((order: any) => Number(order.id))).toEqual(own.slice(0, 4).map((fact) => fact.id))
        expect(customer.delivered.map((order: any) => Number(order.id))).toEqual(
          own.filter((fact) => fact.status === 'DELIVERED').slice(0, 3).map((fact) => fact.id),
        )
        for (const order of customer.delivered) expect(order.status).toBe('DELIVERED')
      }
    })

    it("refuses more than 100 of a customer's orders", async () => {
      const result = await subgraph.query(`{ _entities(representations: [{ __typename: "Customer", id: "1" }]) { ... on Customer { orders(first: 101) { id } } } }`)
      expect(result.errors[0].message).toBe('Customer.orders: "first" must be between 1 and 100, got 101')
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })
  })

  describe('agreement with the demo world', () => {
    let all: any[]

    beforeAll(async () => {
      const { data, statements } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id placedAt status total customer { id } lines { id product { id } quantity unitPrice lineTotal } } } }`,
        { representations: representations('Order', world.orderCount) },
      )
      expect(statements).toBe(2)
      all = data._entities
    })

    it('seeds exactly the orders of the world', async () => {
      expect(all).toHaveLength(world.orderCount)
      expect(all.every((order) => order !== null)).toBe(true)
    })

    it("makes each order's total the sum of quantity times unit price over its lines", () => {
      for (const order of all) {
        expect(order.lines.length).toBeGreaterThan(0)
        const sum = order.lines.reduce((total: number, line: any) => total + line.quantity * line.unitPrice, 0)
        expect(order.total).toBe(Math.round(sum * 100) / 100)
        for (const line of order.lines) expect(line.lineTotal).toBe(Math.round(line.quantity * line.unitPrice * 100) / 100)
      }
    })

    it('agrees with the generator on every order: customer, time, status, total and lines', () => {
      for (const order of all) {
        const fact = world.order(Number(order.id))
        expect(order.total).toBe(fact.total)
        expect(order.status).toBe(fact.status)
        expect(order.placedAt).toBe(fact.placedAt.toISOString())
        expect(order.customer).toEqual({ id: String(fact.customerId) })
        expect(order.lines).toEqual(
          fact.lines.map((line) => ({
            id: String(line.id),
            product: { id: String(line.productId) },
            quantity: line.quantity,
            unitPrice: line.unitPrice,
            lineTotal: Math.round(line.quantity * line.unitPrice * 100) / 100,
          })),
        )
      }
    })

    it('only refers to customers and products that exist in the world', () => {
      for (const order of all) {
        const customerId = Number(order.customer.id)
        expect(customerId).toBeGreaterThanOrEqual(1)
        expect(customerId).toBeLessThanOrEqual(world.customerCount)
        for (const line of order.lines) {
          expect(Number(line.product.id)).toBeGreaterThanOrEqual(1)
          expect(Number(line.product.id)).toBeLessThanOrEqual(world.productCount)
        }
      }
    })

    it('places newer orders under higher ids', () => {
      const times = all.map((order) => Date.parse(order.placedAt))
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number)
    })
  })

  describe('ids that name nothing', () => {
    it('answers null for an id that names no order', async () => {
      const result = await subgraph.query(`{ a: order(id: "999999") { id } b: order(id: "abc") { id } c: order(id: "0") { id } d: order(id: "-1") { id } }`)
      expect(result.errors).toBeUndefined()
      expect(result.data).toEqual({ a: null, b: null, c: null, d: null })
    })

    it('answers null for order references that name no order', async () => {
      const { data } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id } } }`, {
        representations: [{ __typename: 'Order', id: '999999' }, { __typename: 'Order', id: 'abc' }, { __typename: 'Order', id: '5' }],
      })
      expect(data._entities).toEqual([null, null, { id: '5' }])
    })

    it('gives a customer without orders, or an unknown customer, an empty list', async () => {
      const { data } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id orders { id } } } }`, {
        representations: [{ __typename: 'Customer', id: '999999' }, { __typename: 'Customer', id: 'abc' }],
      })
      expect(data._entities).toEqual([
        { id: '999999', orders: [] },
        { id: 'abc', orders: [] },
      ])
    })
  })
})
