import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSubgraph, type TestSubgraph } from '@datamesh/kit/testing'
import customers from '../src/index.js'

let subgraph: TestSubgraph

beforeAll(async () => {
  subgraph = await startTestSubgraph(customers)
})
afterAll(() => subgraph?.stop())

describe('customers subgraph', () => {
  it('pages through customers with cursors', async () => {
    const first = await subgraph.query(`{ customers(first: 3) { edges { cursor node { id name country } } pageInfo { hasNextPage endCursor } } }`)
    expect(first.errors).toBeUndefined()
    const page = first.data.customers
    expect(page.edges.map((edge: any) => edge.node.id)).toEqual(['1', '2', '3'])
    expect(page.pageInfo.hasNextPage).toBe(true)
    const next = await subgraph.query(`query($after: String) { customers(first: 2, after: $after) { edges { node { id } } } }`, {
      after: page.pageInfo.endCursor,
    })
    expect(next.data.customers.edges.map((edge: any) => edge.node.id)).toEqual(['4', '5'])
  })

  it('refuses a page larger than the maximum instead of cutting it', async () => {
    const result = await subgraph.query(`{ customers(first: 101) { edges { node { id } } } }`)
    expect(result.data).toBeNull()
    expect(result.errors[0].message).toBe('Query.customers: "first" must be between 1 and 100, got 101')
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
  })

  it('refuses a cursor it did not issue', async () => {
    const result = await subgraph.query(`{ customers(after: "bm9wZQ") { edges { node { id } } } }`)
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
  })

  it('filters by country and counts only when asked', async () => {
    const before = subgraph.database.statements.count
    const result = await subgraph.query(`{ customers(first: 100, filter: { country: "de" }) { totalCount edges { node { country } } } }`)
    const countries = new Set(result.data.customers.edges.map((edge: any) => edge.node.country))
    expect([...countries]).toEqual(['DE'])
    expect(result.data.customers.totalCount).toBeGreaterThanOrEqual(result.data.customers.edges.length)
    expect(subgraph.database.statements.count - before).toBe(2)
  })

  it('resolves entity references and addresses in one statement each', async () => {
    const before = subgraph.database.statements.count
    const result = await subgraph.query(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id email addresses { kind city } } } }`,
      { representations: Array.from({ length: 30 }, (_, i) => ({ __typename: 'Customer', id: String(i + 1) })) },
    )
    expect(result.errors).toBeUndefined()
    expect(result.data._entities).toHaveLength(30)
    expect(result.data._entities[0].addresses.length).toBeGreaterThan(0)
    expect(subgraph.database.statements.count - before).toBe(2)
  })

  it('answers null for an id that names no customer', async () => {
    const result = await subgraph.query(`{ a: customer(id: "999999") { id } b: customer(id: "abc") { id } }`)
    expect(result.data).toEqual({ a: null, b: null })
  })
})
