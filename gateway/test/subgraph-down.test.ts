import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestMesh, type TestMesh } from '../src/testing.js'
import { ANALYST, domains, policies } from './mesh.js'

let mesh: TestMesh
let analyst: Record<string, string>

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
  analyst = await mesh.as(ANALYST)
  await mesh.subgraphs.fulfillment!.stop()
})
afterAll(() => mesh?.stop())

describe('a domain that is down', () => {
  it('does not stop queries that touch only other domains', async () => {
    const result = await mesh.query(`{ orders(first: 3) { edges { node { id customer { name } lines { product { name } } } } } }`, {}, analyst)
    expect(result.errors).toBeUndefined()
    expect(result.data.orders.edges).toHaveLength(3)
  })

  it('gives partial data and an error naming the domain', async () => {
    const result = await mesh.query(`{ orders(first: 3) { edges { node { id customer { name } shipments { carrier } } } } }`, {}, analyst)
    expect(result.data.orders.edges.map((edge: any) => edge.node.id)).toEqual(['1', '2', '3'])
    expect(result.data.orders.edges[0].node.customer.name).toBeTruthy()
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', domain: 'fulfillment' })
    expect(result.errors[0].message).toMatch(/^the fulfillment domain is unavailable/)
  })

  it('answers a root field of the missing domain with an error naming it', async () => {
    const result = await mesh.query(`{ shipments(first: 1) { edges { node { id } } } }`, {}, analyst)
    expect(result.data).toEqual({ shipments: null })
    expect(result.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', domain: 'fulfillment' })
  })

  it('reports the gateway as not ready, naming the domain', async () => {
    const ready = await fetch(new URL('/ready', mesh.gateway.url))
    expect(ready.status).toBe(503)
    const body = (await ready.json()) as any
    expect(body.checks.fulfillment.ok).toBe(false)
    expect(body.checks.orders.ok).toBe(true)
  })
})
