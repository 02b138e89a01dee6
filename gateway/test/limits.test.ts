// Every request is bounded before any other work: the attacks of "Governance without
// bypasses" (a 1 KB fragment bomb, thousands of aliases, huge batches, nested lists, 10 MB
// documents, megabyte strings, a domain that never answers) are refused with a 4xx naming
// the limit, no domain is asked anything, and the gateway answers the next small query.
import { postBody, postGraphQL } from '@datamesh/kit/testing'
import { request } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway } from '../src/gateway-server.js'
import { DEFAULT_LIMITS } from '../src/limits/operation-limits.js'
import { delta, startTestMesh, TEST_JWT_SECRET, type TestMesh } from '../src/testing.js'
import { ANALYST, domains, policies } from './mesh.js'

let mesh: TestMesh
let analyst: Record<string, string>

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
  analyst = await mesh.as(ANALYST)
})
afterAll(() => mesh?.stop())

/** Sends `query` and expects a refusal of `limit`, with nothing asked of any domain. */
async function refused(query: string, limit: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const fetches = mesh.fetches()
  const statements = mesh.statements()
  const result = await mesh.query(query, variables, headers)
  expect(result.status).toBe(400)
  expect(result.data).toBeUndefined()
  expect(result.errors).toHaveLength(1)
  expect(result.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit })
  expect(Object.values(delta(mesh.fetches(), fetches)).every((count) => count === 0)).toBe(true)
  expect(Object.values(delta(mesh.statements(), statements)).every((count) => count === 0)).toBe(true)
  return result.errors[0]
}

async function stillAnswers(): Promise<void> {
  const result = await mesh.query('{ product(id: "1") { name } }')
  expect(result.errors).toBeUndefined()
  expect(result.data.product.name).toBeTruthy()
}

function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, level) => `fragment F${level} on Customer { ...F${level + 1} ...F${level + 1} }`)
  return `{ customer(id: "1") { ...F0 } } ${fragments.join(' ')} fragment F${levels} on Customer { name }`
}

describe('operation limits', () => {
  it('counts a fragment bomb without expanding it: 21 doubling levels in under 1 KB are refused at once', async () => {
    const query = fragmentBomb(21)
    expect(query.length).toBeLessThan(1_100)
    const error = await refused(query, 'fields')
    expect(error.extensions).toMatchObject({ maximum: DEFAULT_LIMITS.fields, actual: 2 ** 21 + 1 })
    expect(error.message).toBe(`the operation has ${2 ** 21 + 1} fields once its fragments are expanded; the limit is 2000 (DATAMESH_MAX_FIELDS)`)
    await stillAnswers()
  })

  it('refuses 5,000 aliases of a count before any SQL runs, and 16 aliases as too many', async () => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: customers { totalCount }`).join(' ')} }`
    const tokens = await refused(aliases(5_000), 'tokens')
    expect(tokens.message).toBe('the document has more than 15000 tokens; the limit is 15000 (DATAMESH_MAX_TOKENS)')
    const error = await refused(aliases(16).replace('{ a0', '{ a0: customer(id: "1") { name } a0x'), 'aliases')
    expect(error.extensions).toMatchObject({ maximum: 15, actual: 17 })
    await stillAnswers()
  })

  it('refuses more root fields than allowed, aliased or not', async () => {
    const query = `{ ${Array.from({ length: 11 }, (_, index) => `p${index}: product(id: "${index + 1}") { name }`).join(' ')} }`
    const error = await refused(query, 'rootFields')
    expect(error.extensions).toMatchObject({ maximum: 10, actual: 11 })
  })

  it('refuses a batch of 1,000 operations, and a batch that costs more together than one operation may', async () => {
    const body = JSON.stringify(Array.from({ length: 1_000 }, () => ({ query: '{ customers { totalCount } }' })))
    const fetches = mesh.fetches()
    const result = await postBody(mesh.gateway.url, body)
    expect(result.status).toBe(400)
    expect((result as any).errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'batch', maximum: 10, actual: 1_000 })
    const expensive = JSON.stringify(Array.from({ length: 3 }, () => ({ query: '{ orders(first: 100) { edges { node { lines { product { stock { quantity } } } } } } }' })))
    const batch = await postBody(mesh.gateway.url, expensive, { ...analyst })
    expect(batch.status).toBe(400)
    expect((batch as any).errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'cost' })
    expect((batch as any).errors[0].message).toMatch(/\(the batch together\)/)
    expect(delta(mesh.fetches(), fetches)).toEqual({ customers: 0, catalog: 0, orders: 0, fulfillment: 0 })
    const small = await postBody(mesh.gateway.url, JSON.stringify([{ query: '{ product(id: "1") { name } }' }, { query: '{ product(id: "2") { name } }' }]))
    expect(small.status).toBe(200)
  })

  it('estimates cost from first arguments and list sizes: 100 × 100 nested lists are refused, the README queries are not', async () => {
    const nested = '{ customers(first: 100) { edges { node { orders(first: 100) { lines { product { name } } } } } } }'
    const error = await refused(nested, 'cost', undefined, analyst)
    // 100 edges × (edge + node + 100 orders × (order + 5 lines × (line + product))) + the connection itself
    expect(error.extensions.actual).toBe(1 + 100 * (1 + 1 + 100 * (1 + 5 * (1 + 1))))
    const viaVariables = await refused('query($n: Int) { customers(first: $n) { edges { node { orders(first: $n) { id } } } } }', 'cost', { n: 100 }, analyst)
    expect(viaVariables.extensions.actual).toBe(1 + 100 * (1 + 1 + 100))
    for (const readme of [
      '{ orders(first: 5) { edges { node { id total customer { name country } lines { quantity product { name category { name } stock { warehouse { name } quantity } } } shipments { carrier status } } } } }',
      '{ customer(id: "42") { name country segment orders(first: 3) { id placedAt status total shipments { carrier trackingNumber status deliveredAt } } } }',
      '{ products(first: 5, filter: { categoryId: "1" }) { edges { node { name listPrice category { name parent { name } } stock { warehouse { name city } quantity } } } pageInfo { hasNextPage endCursor } } }',
    ]) {
      const result = await mesh.query(readme, {}, analyst)
      expect(result.status).toBe(200)
      expect(result.errors).toBeUndefined()
    }
  })

  it('refuses a document deeper than the depth limit', async () => {
    const deep = '{ orders(first: 1) { edges { node { customer { orders(first: 1) { customer { orders(first: 1) { customer { orders(first: 1) { customer { orders(first: 1) { customer { name } } } } } } } } } } } } }'
    const error = await refused(deep, 'depth', undefined, analyst)
    expect(error.extensions).toMatchObject({ maximum: 12, actual: 13 })
  })

  it('refuses too many directives', async () => {
    await refused(`{ product(id: "1") { ${Array.from({ length: 51 }, () => 'name @include(if: true)').join(' ')} } }`, 'directives')
  })

  it('refuses a document of more tokens than allowed, and a body over 2 MB before reading it all', async () => {
    const typenames = `{ ${'__typename '.repeat(20_000)}}`
    await refused(typenames, 'tokens')
    // 10 MB announced: answered 413 from the headers, before the body is read.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(mesh.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 10_000_000 } }, (response) => {
        let text = ''
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
      })
      outgoing.on('error', reject)
      outgoing.write(`{"query":"{ ${'__typename '.repeat(1_000)}`)
    })
    expect(status).toBe(413)
    expect(JSON.parse(body).errors[0]).toMatchObject({
      message: 'the request body is larger than the limit of 2097152 bytes',
      extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', maximum: 2 * 1024 * 1024 },
    })
    await stillAnswers()
  })

  it('refuses a string argument over 1,000 characters, in the document or in the variables', async () => {
    const long = 'x'.repeat(1_000_001)
    const literal = await refused(`{ customers(filter: { nameContains: "${long}" }) { totalCount } }`, 'stringLength')
    expect(literal.message).toBe('a string argument has 1000001 characters (in the document); the limit is 1000 (DATAMESH_MAX_STRING_LENGTH)')
    const variable = await refused('query($name: String) { customers(filter: { nameContains: $name }) { totalCount } }', 'stringLength', { name: long })
    expect(variable.message).toMatch(/\(in the variables\)/)
    const fine = await mesh.query('query($name: String) { customers(filter: { nameContains: $name }) { totalCount } }', { name: '%_\\' })
    expect(fine.errors).toBeUndefined()
    expect(fine.data.customers.totalCount).toBe(0)
    await stillAnswers()
  })

  it('reads its limits from the environment, and "off" lifts one', async () => {
    const gateway = await startGateway({
      supergraphSdl: mesh.supergraphSdl,
      port: 0,
      host: '127.0.0.1',
      env: { DATAMESH_MAX_DEPTH: '2', DATAMESH_MAX_ALIASES: 'off' },
      logger: pino({ level: 'silent' }),
      policies,
      governance: { audit: false },
      secrets: { jwt: TEST_JWT_SECRET, gateway: (await import('@datamesh/kit/testing')).TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key' },
    })
    try {
      const deep = await postGraphQL(gateway.url, '{ product(id: "1") { category { name } } }')
      expect(deep.status).toBe(400)
      expect(deep.errors[0].extensions).toMatchObject({ limit: 'depth', maximum: 2, actual: 3 })
      expect(deep.errors[0].message).toMatch(/DATAMESH_MAX_DEPTH/)
      const aliased = await postGraphQL(gateway.url, `{ product(id: "1") { ${Array.from({ length: 40 }, (_, index) => `n${index}: name`).join(' ')} } }`)
      expect(aliased.status).toBe(200)
    } finally {
      await gateway.stop()
    }
    await expect(startGateway({ supergraphSdl: mesh.supergraphSdl, env: { DATAMESH_MAX_COST: 'lots' }, logger: pino({ level: 'silent' }) })).rejects.toThrow(
      'DATAMESH_MAX_COST must be a positive integer or "off", got "lots"',
    )
  })
})

describe('calls to a domain', () => {
  let blackHole: Server
  const sockets = new Set<Socket>()
  let closedByGateway = 0

  beforeAll(async () => {
    // A domain that accepts connections and never answers.
    blackHole = createServer((socket) => {
      sockets.add(socket)
      socket.on('close', () => {
        closedByGateway++
        sockets.delete(socket)
      })
      socket.on('data', () => undefined)
    })
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => blackHole.close(resolve))
  })

  const hangingCatalog = async (timeoutMs: number) => {
    const { port } = blackHole.address() as { port: number }
    return startGateway({
      supergraphSdl: mesh.supergraphSdl,
      subgraphUrls: { catalog: `http://127.0.0.1:${port}/graphql` },
      port: 0,
      host: '127.0.0.1',
      env: {},
      logger: pino({ level: 'silent' }),
      policies,
      governance: { audit: false },
      limits: { subgraphTimeoutMs: timeoutMs },
      secrets: { jwt: TEST_JWT_SECRET, gateway: (await import('@datamesh/kit/testing')).TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key' },
    })
  }

  it('end at their deadline: a domain that never answers fails only its fields, naming it', async () => {
    const gateway = await hangingCatalog(300)
    try {
      const result = await postGraphQL(gateway.url, '{ customer(id: "1") { name } product(id: "1") { name } }')
      expect(result.data).toEqual({ customer: { name: expect.any(String) }, product: null })
      expect(result.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', domain: 'catalog' })
      expect(result.errors[0].message).toBe('the catalog domain is unavailable: it did not answer within 300 ms')
    } finally {
      await gateway.stop()
    }
  })

  it('stop when the client goes away', async () => {
    const gateway = await hangingCatalog(60_000)
    try {
      const before = closedByGateway
      const client = new AbortController()
      const pending = fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ product(id: "1") { name } }' }),
        signal: client.signal,
      }).catch(() => 'aborted')
      for (let attempt = 0; attempt < 100 && sockets.size === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(sockets.size).toBe(1)
      client.abort()
      expect(await pending).toBe('aborted')
      for (let attempt = 0; attempt < 100 && closedByGateway === before; attempt++) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(closedByGateway).toBe(before + 1)
    } finally {
      await gateway.stop()
    }
  })
})
