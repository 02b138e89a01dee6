// Wrong requests get the right answer: a 4xx with a code from the registry and a message
// that says what to change, no internal address or stack trace outside development, and
// at most one log line at the level the event deserves.
import { ErrorCode } from '@datamesh/kit'
import { TEST_GATEWAY_SECRET } from '@datamesh/kit/testing'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type RunningGateway } from '../src/gateway-server.js'
import { startTestMesh, TEST_JWT_SECRET, type TestMesh } from '../src/testing.js'
import { domains, policies } from './mesh.js'

let mesh: TestMesh

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
})
afterAll(() => mesh?.stop())

/** A gateway over the test mesh whose log lines are kept. */
async function loggedGateway(env: NodeJS.ProcessEnv, subgraphUrls: Record<string, string> = {}): Promise<{ gateway: RunningGateway; lines: () => any[] }> {
  const lines: string[] = []
  const sink = new Writable({ write: (chunk, _, done) => (lines.push(...String(chunk).trim().split('\n')), done()) })
  const gateway = await startGateway({
    supergraphSdl: mesh.supergraphSdl,
    subgraphUrls,
    port: 0,
    host: '127.0.0.1',
    env,
    logger: pino({ level: 'info' }, sink),
    policies,
    governance: { audit: false },
    secrets: { jwt: TEST_JWT_SECRET, gateway: TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key' },
  })
  return { gateway, lines: () => lines.map((line) => JSON.parse(line)) }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, ...((await response.json()) as any) }
}

describe('operations the document does not name well', () => {
  it('answers an unknown operationName with 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const result = await post(mesh.gateway.url, { query: 'query A { product(id: "1") { name } }', operationName: 'B' })
    expect(result.status).toBe(400)
    expect(result.errors).toEqual([{ message: 'the document has no operation named "B"', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }])
  })

  it('answers several operations without an operationName with 400, saying what to send', async () => {
    const result = await post(mesh.gateway.url, { query: 'query A { product(id: "1") { name } } query B { product(id: "2") { name } }' })
    expect(result.status).toBe(400)
    expect(result.errors[0]).toMatchObject({ message: 'the document has 2 operations; say which to run with "operationName"', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })
  })

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED and its position', async () => {
    const result = await post(mesh.gateway.url, { query: '{ product(id: "1") { name }' })
    expect(result.status).toBe(400)
    expect(result.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', locations: [{ line: 1, column: 28 }] })
  })
})

describe('values a domain cannot take', () => {
  it('refuses a NUL character in a string filter with 400 BAD_USER_INPUT, at the gateway and at the domain', async () => {
    const result = await mesh.query('{ customers(filter: { nameContains: "a\\u0000b" }) { totalCount } }')
    expect(result.status).toBe(400)
    expect(result.errors[0]).toEqual({ message: 'a string argument holds a NUL character (\\u0000), which no text value can hold', extensions: { code: 'BAD_USER_INPUT' } })
    const variable = await mesh.query('query($n: String) { customers(filter: { nameContains: $n }) { totalCount } }', { n: 'a\u0000b' })
    expect(variable.status).toBe(400)
    // The domain itself maps the database's refusal (SQLSTATE 22021) to BAD_USER_INPUT, never INTERNAL_SERVER_ERROR.
    const direct = await mesh.subgraphs.customers!.query('{ customers(filter: { nameContains: "a\\u0000b" }) { totalCount } }')
    expect(direct.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    expect(direct.errors[0].message).toMatch(/^an argument has a value the database cannot take/)
  })

  it('refuses year 0000 and malformed dates with 400 BAD_USER_INPUT, as a literal or a variable', async () => {
    const literal = await mesh.query('{ customers(filter: { createdAfter: "0000-01-01T00:00:00Z" }) { totalCount } }')
    expect(literal.status).toBe(400)
    expect(literal.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    expect(literal.errors[0].message).toMatch(/DateTime must be between the years 1 and 9999, got 0/)
    for (const value of ['0000-01-01T00:00:00Z', 'not a date', '2026-13-01T00:00:00Z']) {
      const variable = await mesh.query('query($d: DateTime) { customers(filter: { createdAfter: $d }) { totalCount } }', { d: value })
      expect(variable.status, value).toBe(400)
      expect(variable.data).toBeUndefined()
      expect(variable.errors[0].extensions.code, value).toBe('BAD_USER_INPUT')
    }
    const nested = await mesh.query('query($f: CustomerFilter) { customers(filter: $f) { totalCount } }', { f: { createdBefore: 'yesterday' } })
    expect(nested.status).toBe(400)
    expect(nested.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    const fine = await mesh.query('query($d: DateTime) { customers(filter: { createdAfter: $d }) { totalCount } }', { d: '2020-01-01T00:00:00Z' })
    expect(fine.status).toBe(200)
    expect(fine.data.customers.totalCount).toBeGreaterThan(0)
  })
})

describe('mutations', () => {
  it('are refused over GET from the parsed document, whatever comes before them', async () => {
    for (const query of ['mutation { x }', '# a comment\nmutation { x }', '\ufeff  mutation M { x }']) {
      const url = new URL(mesh.gateway.url)
      url.searchParams.set('query', query)
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } })
      expect(response.status, query).toBe(405)
      expect(((await response.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'METHOD_NOT_ALLOWED' } })
    }
  })

  it('are answered 400 over POST while the graph has no mutation type, with no error logged', async () => {
    const { gateway, lines } = await loggedGateway({})
    try {
      const result = await post(gateway.url, { query: 'mutation { placeOrder { id } }' })
      expect(result.status).toBe(400)
      expect(result.errors[0]).toEqual({ message: 'the graph has no mutation type: it answers queries only', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })
      expect(lines().filter((line) => line.level >= 40)).toEqual([])
    } finally {
      await gateway.stop()
    }
  })
})

describe('in production', () => {
  it('names the domain that is down but not where it lives, and logs the detail once as a warning', async () => {
    const { gateway, lines } = await loggedGateway({ NODE_ENV: 'production' }, { catalog: 'http://127.0.0.1:9/graphql' })
    try {
      const result = await post(gateway.url, { query: '{ product(id: "1") { name } customer(id: "1") { name } }' })
      expect(result.data).toEqual({ product: null, customer: { name: expect.any(String) } })
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0].message).toBe('the catalog domain is unavailable: connection refused')
      expect(result.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', domain: 'catalog' })
      expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:9\b/)
      expect(JSON.stringify(result)).not.toContain('stack')
      const warnings = lines().filter((line) => line.level >= 40)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatchObject({ level: 40, domain: 'catalog', msg: 'a domain call failed' })
    } finally {
      await gateway.stop()
    }
  })
})

describe('headers a client controls', () => {
  it('cuts a 10 KB purpose in the message that refuses it', async () => {
    const purpose = 'p'.repeat(10_000)
    const result = await post(mesh.gateway.url, { query: '{ product(id: "1") { name } }' }, { 'x-datamesh-purpose': purpose })
    expect(result.status).toBe(403)
    expect(result.errors[0].extensions.code).toBe('FORBIDDEN')
    expect(result.errors[0].message.length).toBeLessThan(200)
    expect(result.errors[0].message).toContain(`"${'p'.repeat(64)}…"`)
  })
})

describe('the error registry', () => {
  it('gives every refusal of the gateway a status', () => {
    for (const code of ['BAD_REQUEST', 'METHOD_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE', 'LIMIT_EXCEEDED', 'GRAPHQL_PARSE_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'UNAUTHENTICATED', 'FORBIDDEN'] as const) {
      expect(ErrorCode[code].status).toBeGreaterThanOrEqual(400)
      expect(ErrorCode[code].status).toBeLessThan(500)
    }
  })
})
