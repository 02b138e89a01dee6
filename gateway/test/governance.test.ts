// Governance on the real composed gateway over the real subgraphs: each demo rule allowed
// and refused, and the ways one might try to get around it.
import { ANONYMOUS_GRANT, DemoWorld, GRANT_HEADER, signGrant } from '@datamesh/kit'
import { postGraphQL, TEST_GATEWAY_SECRET, TEST_WORLD } from '@datamesh/kit/testing'
import { readAuditEvents, type GovernanceDatabase } from '@datamesh/governance'
import type { Kysely } from 'kysely'
import { createHash } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type RunningGateway } from '../src/gateway-server.js'
import { startTestMesh, TEST_JWT_SECRET, type TestMesh } from '../src/testing.js'
import { domains, policies } from './mesh.js'

let mesh: TestMesh
const world = new DemoWorld(TEST_WORLD)
const ANALYST = { sub: 'ana', roles: ['analyst'] }
const SUPPORT = { sub: 'sam', roles: ['support'], scopes: ['customers:pii:read'], purposes: ['support', 'marketing'] }
const BUYER = { sub: 'cfo', roles: ['finance'], scopes: ['catalog:cost:read'] }
const MARKETER = { sub: 'mia', roles: ['marketing'], scopes: ['customers:pii:read'], purposes: ['marketing'] }

interface CustomerFacts {
  id: number
  email: string
  phone: string | null
  marketing_consent: boolean
}
let customers: CustomerFacts[]
let withPhone: CustomerFacts

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
  customers = (await mesh.subgraphs.customers!.database.db
    .selectFrom('customers')
    .select(['id', 'email', 'phone', 'marketing_consent'])
    .orderBy('id')
    .execute()) as CustomerFacts[]
  // Consenting, so that the marketing row rule does not hide them.
  withPhone = customers.find((customer) => customer.phone && customer.marketing_consent) as CustomerFacts
})
afterAll(() => mesh?.stop())

function errorsOf(result: { errors?: any[] }) {
  return (result.errors ?? []).map((error) => ({ code: error.extensions?.code, coordinate: error.extensions?.coordinate, path: error.path }))
}

describe('personal data (pii)', () => {
  const query = `query($id: ID!) { customer(id: $id) { id email phone birthDate } }`

  it('is masked for an anonymous caller, and the response says which paths are masked', async () => {
    const result = await mesh.query(query, { id: String(withPhone.id) })
    expect(result.errors).toBeUndefined()
    const { email, phone, birthDate } = result.data.customer
    expect(email).toBe(`${withPhone.email[0]}***@${withPhone.email.split('@')[1]}`)
    expect(phone).toMatch(/^\*+.{4}$/)
    expect(phone.slice(-4)).toBe(withPhone.phone!.slice(-4))
    expect(birthDate === null || /^\d{4}$/.test(birthDate)).toBe(true)
    expect(result.extensions.governance.masked).toEqual(
      expect.arrayContaining([
        { path: 'customer.email', coordinate: 'Customer.email', strategy: 'email' },
        { path: 'customer.phone', coordinate: 'Customer.phone', strategy: 'last4' },
      ]),
    )
  })

  it('is masked for an analyst without the pii scope', async () => {
    const result = await mesh.query(query, { id: String(withPhone.id) }, await mesh.as(ANALYST))
    expect(result.data.customer.email).toMatch(/^.\*\*\*@example\.(com|org|net)$/)
  })

  it('is masked with the pii scope but no purpose, and with a purpose other than support or fraud', async () => {
    for (const purpose of [undefined, 'marketing']) {
      const result = await mesh.query(query, { id: String(withPhone.id) }, await mesh.as(SUPPORT, purpose))
      expect(result.data.customer.email).not.toBe(withPhone.email)
      expect(result.data.customer.email).toContain('***@')
    }
  })

  it('is raw for a support agent with the pii scope and the support purpose', async () => {
    const result = await mesh.query(query, { id: String(withPhone.id) }, await mesh.as(SUPPORT, 'support'))
    expect(result.errors).toBeUndefined()
    expect(result.data.customer).toMatchObject({ email: withPhone.email, phone: withPhone.phone })
    expect(result.extensions?.governance).toBeUndefined()
  })

  it('stays masked under an alias, in a named fragment, in an inline fragment and through variables', async () => {
    const result = await mesh.query(
      `query($id: ID!, $yes: Boolean!) {
        c: customer(id: $id) { contact: email ...Contact ... on Customer { again: email } }
      }
      fragment Contact on Customer { viaFragment: email phone @include(if: $yes) }`,
      { id: String(withPhone.id), yes: true },
      await mesh.as(ANALYST),
    )
    const { contact, viaFragment, again, phone } = result.data.c
    for (const value of [contact, viaFragment, again]) expect(value).toContain('***@')
    expect(phone).toMatch(/^\*+/)
  })

  it('is masked in every object of a list, reached across domains', async () => {
    const result = await mesh.query(`{ orders(first: 20) { edges { node { customer { email } } } } }`, {}, await mesh.as(ANALYST))
    const emails = result.data.orders.edges.map((edge: any) => edge.node.customer.email)
    expect(emails).toHaveLength(20)
    for (const email of emails) expect(email).toMatch(/^.\*\*\*@/)
    expect(result.extensions.governance.masked).toEqual([{ path: 'orders.edges.@.node.customer.email', coordinate: 'Customer.email', strategy: 'email' }])
  })
})

describe('confidential data: Product.supplierCost', () => {
  it('is denied without the scope: null there, a FORBIDDEN error naming the coordinate, the directive and the reason', async () => {
    const result = await mesh.query(`{ product(id: "1") { name listPrice supplierCost } }`, {}, await mesh.as(ANALYST))
    expect(result.data.product.name).toBeTruthy()
    expect(result.data.product.supplierCost).toBeNull()
    expect(result.errors).toEqual([
      {
        message: 'Product.supplierCost is forbidden (@requiresScopes): Product.supplierCost needs scope catalog:cost:read',
        path: ['product', 'supplierCost'],
        extensions: {
          code: 'FORBIDDEN',
          coordinate: 'Product.supplierCost',
          directive: '@requiresScopes',
          reason: 'Product.supplierCost needs scope catalog:cost:read',
        },
      },
    ])
  })

  it('is denied to anonymous callers by the global policy as well', async () => {
    const result = await mesh.query(`{ product(id: "1") { supplierCost } }`)
    expect(result.data.product.supplierCost).toBeNull()
    expect(result.errors[0].extensions.code).toBe('FORBIDDEN')
  })

  it('is allowed with catalog:cost:read', async () => {
    const result = await mesh.query(`{ product(id: "1") { supplierCost } }`, {}, await mesh.as(BUYER))
    expect(result.errors).toBeUndefined()
    expect(result.data.product.supplierCost).toBeGreaterThan(0)
  })

  it('is never requested from the catalog subgraph when denied', async () => {
    const received: string[] = []
    const stop = mesh.subgraphs.catalog!.operations.watch((operation) => received.push(operation.query))
    await mesh.query(
      `query($yes: Boolean!) { products(first: 5) { edges { node { name cost: supplierCost ...Cost ... on Product { again: supplierCost @include(if: $yes) } } } } }
       fragment Cost on Product { supplierCost }`,
      { yes: true },
      await mesh.as(ANALYST),
    )
    await mesh.query(`{ product(id: "1") { supplierCost } }`, {}, await mesh.as(BUYER))
    stop()
    expect(received).toHaveLength(2)
    expect(received[0]).not.toContain('supplierCost')
    expect(received[0]).toContain('name')
    expect(received[1]).toContain('supplierCost')
  })

  it('reports one error per denied selection, however many objects, with the path of the first', async () => {
    const result = await mesh.query(`{ products(first: 10) { edges { node { supplierCost } } } }`, {}, await mesh.as(ANALYST))
    expect(result.data.products.edges.every((edge: any) => edge.node.supplierCost === null)).toBe(true)
    expect(errorsOf(result)).toEqual([{ code: 'FORBIDDEN', coordinate: 'Product.supplierCost', path: ['products', 'edges', 0, 'node', 'supplierCost'] }])
  })

  it('raises no error for a denied field the operation skips', async () => {
    const query = `query($cost: Boolean!) { product(id: "1") { name supplierCost @include(if: $cost) } }`
    const skipped = await mesh.query(query, { cost: false }, await mesh.as(ANALYST))
    expect(skipped.errors).toBeUndefined()
    expect(skipped.data.product).toEqual({ name: expect.any(String) })
    const included = await mesh.query(query, { cost: true }, await mesh.as(ANALYST))
    expect(errorsOf(included)).toEqual([{ code: 'FORBIDDEN', coordinate: 'Product.supplierCost', path: ['product', 'supplierCost'] }])
  })

  it('still requires a required variable that only a denied field used', async () => {
    const result = await mesh.query(`query($c: Boolean!) { product(id: "1") { name supplierCost @include(if: $c) } }`, {}, await mesh.as(ANALYST))
    expect(result.status).toBe(400)
    expect(result.errors).toEqual([{ message: 'Variable "$c" of required type "Boolean!" was not provided.', extensions: { code: 'BAD_USER_INPUT', locations: [{ line: 1, column: 7 }] } }])
  })

  it('still executes an operation left with only denied fields, and an operation whose variables only they used', async () => {
    const result = await mesh.query(`query($id: ID!) { product(id: $id) { supplierCost } }`, { id: '2' }, await mesh.as(ANALYST))
    expect(result.data).toEqual({ product: { supplierCost: null } })
    const cut = await mesh.query(`query($id: ID!) { a: product(id: "1") { name } b: product(id: $id) { supplierCost } }`, { id: '2' }, await mesh.as(ANALYST))
    expect(cut.data.a.name).toBeTruthy()
    expect(errorsOf(cut).map((error) => error.code)).toEqual(['FORBIDDEN'])
  })
})

describe('orders need an authenticated subject', () => {
  it('denies them to an anonymous caller', async () => {
    const result = await mesh.query(`{ orders(first: 3) { edges { node { id } } } }`)
    expect(result.data).toEqual({ orders: null })
    expect(result.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Query.orders', directive: '@authenticated' })
  })

  it('denies them through another domain too (Customer.orders)', async () => {
    const result = await mesh.query(`{ customer(id: "1") { id orders { id } } }`)
    expect(result.data.customer).toEqual({ id: '1', orders: null })
    expect(result.errors[0].extensions.coordinate).toBe('Customer.orders')
  })

  it('answers an authenticated subject', async () => {
    const result = await mesh.query(`{ orders(first: 3) { edges { node { id } } } }`, {}, await mesh.as(ANALYST))
    expect(result.errors).toBeUndefined()
    expect(result.data.orders.edges).toHaveLength(3)
  })
})

describe('purposes', () => {
  it('are refused (403, nothing executed) when the token does not approve them', async () => {
    const before = mesh.fetches()
    const result = await mesh.query(`{ customer(id: "1") { email } }`, {}, await mesh.as(ANALYST, 'support'))
    expect(result.status).toBe(403)
    expect(result.errors[0].extensions.code).toBe('FORBIDDEN')
    expect(result.errors[0].message).toBe('purpose "support" is not approved by the token (it approves: none)')
    expect(mesh.fetches()).toEqual(before)
  })

  it('are refused to anonymous callers', async () => {
    const result = await mesh.query(`{ customer(id: "1") { id } }`, {}, { 'x-datamesh-purpose': 'support' })
    expect(result.status).toBe(403)
  })

  it('filter out customers who did not consent when the purpose is marketing', async () => {
    const consenting = customers.filter((customer) => customer.marketing_consent).map((customer) => String(customer.id))
    const refusing = customers.find((customer) => !customer.marketing_consent) as CustomerFacts
    const headers = await mesh.as(MARKETER, 'marketing')
    const list = await mesh.query(`{ customers(first: 100) { totalCount edges { node { id marketingConsent } } } }`, {}, headers)
    expect(list.data.customers.edges.map((edge: any) => edge.node.id)).toEqual(consenting)
    expect(list.data.customers.totalCount).toBe(consenting.length)
    const single = await mesh.query(`query($id: ID!) { customer(id: $id) { id } }`, { id: String(refusing.id) }, headers)
    expect(single.data.customer).toBeNull()
    const without = await mesh.query(`query($id: ID!) { customer(id: $id) { id } }`, { id: String(refusing.id) }, await mesh.as(MARKETER))
    expect(without.data.customer).toEqual({ id: String(refusing.id) })
  })

  it('filter non-consenting customers out of other domains’ references too', async () => {
    const result = await mesh.query(`{ orders(first: 100) { edges { node { id customer { id email } } } } }`, {}, await mesh.as(MARKETER, 'marketing'))
    const consent = new Map(customers.map((customer) => [customer.id, customer.marketing_consent]))
    const orders = result.data.orders.edges.map((edge: any) => edge.node)
    expect(orders).toHaveLength(100)
    for (const order of orders) {
      const customerId = world.order(Number(order.id)).customerId
      expect(order.customer === null).toBe(!consent.get(customerId))
    }
  })
})

describe('a subject with the role customer', () => {
  it('sees only their own orders and shipments, however they ask', async () => {
    const me = String(customers[0]!.id)
    const other = String(customers[1]!.id)
    const headers = await mesh.as({ sub: me, roles: ['customer'] })
    const list = await mesh.query(`{ orders(first: 100) { edges { node { id customer { id } shipments { id } } } } }`, {}, headers)
    const mine = list.data.orders.edges.map((edge: any) => edge.node)
    expect(mine.length).toBeGreaterThan(0)
    for (const order of mine) expect(order.customer.id).toBe(me)
    const shipments = await mesh.query(`{ shipments(first: 100) { edges { node { id order { customer { id } } } } } }`, {}, headers)
    for (const edge of shipments.data.shipments.edges) expect(edge.node.order.customer.id).toBe(me)
    const theirs = await mesh.query(`query($id: ID!) { customer(id: $id) { orders { id } } }`, { id: other }, headers)
    expect(theirs.data.customer).toBeNull()
    const byId = await mesh.query(`{ order(id: "1") { id customer { id } } }`, {}, headers)
    const owner = await mesh.query(`{ order(id: "1") { customer { id } } }`, {}, await mesh.as(ANALYST))
    expect(byId.data.order).toEqual(owner.data.order.customer.id === me ? { id: '1', customer: { id: me } } : null)
  })
})

describe('identity', () => {
  const query = `{ customer(id: "1") { id } }`

  it('refuses a forged token with 401, never as anonymous', async () => {
    const forged = await new SignJWT({ roles: ['support'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setExpirationTime('1h').sign(new TextEncoder().encode('not-the-mesh-secret-not-the-mesh-secret'))
    const result = await mesh.query(query, {}, { authorization: `Bearer ${forged}` })
    expect(result.status).toBe(401)
    expect(result.errors[0]).toMatchObject({ message: 'the token signature does not verify', extensions: { code: 'UNAUTHENTICATED' } })
  })

  it('refuses an expired token with 401', async () => {
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ana').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(TEST_JWT_SECRET))
    const result = await mesh.query(query, {}, { authorization: `Bearer ${expired}` })
    expect(result.status).toBe(401)
    expect(result.errors[0].message).toBe('the token has expired')
  })

  it('refuses an unsigned (alg: none) token with 401', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'eve', scope: 'catalog:cost:read', exp: Math.floor(Date.now() / 1000) + 600 })}.`
    const result = await mesh.query(`{ product(id: "1") { supplierCost } }`, {}, { authorization: `Bearer ${unsigned}` })
    expect(result.status).toBe(401)
    expect(result.data).toBeUndefined()
  })
})

describe('the subgraphs behind the gateway', () => {
  const body = JSON.stringify({ query: '{ customer(id: "1") { email } }' })

  it('refuse a direct call without the gateway grant, with a forged grant, or with an expired one', async () => {
    const url = mesh.subgraphs.customers!.url
    const call = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    const missing = await call({})
    expect(missing.status).toBe(401)
    expect(((await missing.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED')
    const call_ = { audience: 'customers', body }
    expect((await call({ [GRANT_HEADER]: signGrant({ ...ANONYMOUS_GRANT, scopes: ['customers:pii:read'] }, 'a-forged-secret-a-forged-secret-aaaa', call_) })).status).toBe(401)
    expect((await call({ [GRANT_HEADER]: signGrant(ANONYMOUS_GRANT, TEST_GATEWAY_SECRET, call_, Date.now() - 120_000) })).status).toBe(401)
    expect((await call({ [GRANT_HEADER]: signGrant(ANONYMOUS_GRANT, TEST_GATEWAY_SECRET, call_) })).status).toBe(200)
  })

  it('still answer health checks without a grant', async () => {
    const response = await fetch(new URL('/health', mesh.subgraphs.customers!.url))
    expect(response.status).toBe(200)
  })

  it('are not reachable through the gateway’s federation entry points', async () => {
    const result = await mesh.query(`{ _entities(representations: [{ __typename: "Customer", id: "1" }]) { ... on Customer { email } } }`)
    expect(result.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
  })
})

describe('batches and persisted queries', () => {
  it('govern every operation of a batch', async () => {
    const response = await fetch(mesh.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await mesh.as(ANALYST)) },
      body: JSON.stringify([{ query: '{ product(id: "1") { supplierCost } }' }, { query: '{ customer(id: "1") { email } }' }]),
    })
    const [cost, email] = (await response.json()) as any[]
    expect(cost.data.product.supplierCost).toBeNull()
    expect(cost.errors[0].extensions.coordinate).toBe('Product.supplierCost')
    expect(email.data.customer.email).toContain('***@')
  })

  it('govern a persisted query sent by its hash alone', async () => {
    const query = '{ product(id: "1") { name supplierCost } }'
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') }
    const headers = await mesh.as(ANALYST)
    const notFound = await fetch(mesh.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ extensions: { persistedQuery } }) })
    expect(((await notFound.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND')
    await fetch(mesh.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, extensions: { persistedQuery } }) })
    const byHash = await fetch(`${mesh.gateway.url}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`, { headers: { ...headers, 'apollo-require-preflight': 'true' } })
    const result = (await byHash.json()) as any
    expect(result.data.product.name).toBeTruthy()
    expect(result.data.product.supplierCost).toBeNull()
    expect(result.errors[0].extensions.coordinate).toBe('Product.supplierCost')
  })

  it('refuse a GET without a preflight header (CSRF)', async () => {
    const response = await fetch(`${mesh.gateway.url}?query=${encodeURIComponent('{ product(id: "1") { name } }')}`)
    expect(response.status).toBe(400)
  })
})

describe('the option to reject a whole operation', () => {
  let strict: RunningGateway

  beforeAll(async () => {
    strict = await startGateway({
      supergraphSdl: mesh.supergraphSdl,
      policies,
      port: 0,
      host: '127.0.0.1',
      env: {},
      governance: { onDeny: 'reject', audit: false },
      secrets: { jwt: TEST_JWT_SECRET, gateway: TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key' },
      logger: (await import('pino')).pino({ level: 'silent' }),
    })
  })
  afterAll(() => strict?.stop())

  it('answers 403 and executes nothing when a denied field is asked for', async () => {
    const before = mesh.fetches()
    const result = await postGraphQL(strict.url, `{ product(id: "1") { name supplierCost } }`, undefined, await mesh.as(ANALYST))
    expect(result.status).toBe(403)
    expect(result.data).toBeUndefined()
    expect(result.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Product.supplierCost' })
    expect(mesh.fetches()).toEqual(before)
  })

  it('executes an operation whose denied field is skipped, and masks as usual', async () => {
    const result = await postGraphQL(strict.url, `query($c: Boolean!) { product(id: "1") { name supplierCost @include(if: $c) } customer(id: "1") { email } }`, { c: false }, await mesh.as(ANALYST))
    expect(result.status).toBe(200)
    expect(result.data.customer.email).toContain('***@')
  })
})

describe('the audit trail', () => {
  it('records classified reads and denials with who, why, what and from where', async () => {
    await mesh.query(`query Lookup { customer(id: "3") { email } product(id: "1") { supplierCost } }`, {}, await mesh.as(SUPPORT, 'support'))
    await mesh.query(`{ product(id: "1") { name } }`, {}, await mesh.as(SUPPORT, 'support'))
    await mesh.gateway.flushAudit()
    const db = mesh.gateway.auditStore!.db as Kysely<GovernanceDatabase>
    const events = await readAuditEvents(db, { since: new Date(Date.now() - 60_000), subject: 'sam' })
    const lookup = events.find((event) => event.operation_name === 'Lookup')
    expect(lookup).toMatchObject({
      subject: 'sam',
      roles: ['support'],
      purpose: 'support',
      outcome: 'denied',
      client_address: expect.stringMatching(/127\.0\.0\.1/),
      operation_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(lookup!.fields).toEqual(
      expect.arrayContaining([
        { coordinate: 'Customer.email', classification: 'pii', effect: 'allow' },
        expect.objectContaining({ coordinate: 'Product.supplierCost', classification: 'confidential', effect: 'deny' }),
      ]),
    )
    // Reading only public fields is not an audit event.
    expect(events.every((event) => event.fields.length > 0)).toBe(true)
  })

  it('comes with the latency of every root field, per window', async () => {
    await mesh.query(`{ product(id: "2") { name } }`, {}, await mesh.as(ANALYST))
    await mesh.gateway.flushAudit()
    const db = mesh.gateway.auditStore!.db as Kysely<GovernanceDatabase>
    const rows = await db.selectFrom('root_field_latency').selectAll().where('coordinate', '=', 'Query.product').execute()
    const samples = rows.reduce((sum, row) => sum + row.samples, 0)
    expect(samples).toBeGreaterThanOrEqual(2)
    for (const row of rows) {
      expect(row.p50_ms).toBeGreaterThan(0)
      expect(row.p50_ms).toBeLessThanOrEqual(row.p95_ms)
      expect(row.p95_ms).toBeLessThanOrEqual(row.max_ms)
    }
  })
})
