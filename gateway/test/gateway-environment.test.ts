// The gateway takes its settings from the environment: where each domain is when
// <DOMAIN>_PORT moved it (never another mesh on the default port), and how long a token
// may live (DATAMESH_JWT_MAX_LIFETIME).
import catalog, { policies as catalogPolicies } from '@datamesh/catalog'
import customers, { policies as customerPolicies } from '@datamesh/customers'
import { mintDevToken } from '@datamesh/governance'
import { printDomainSdl } from '@datamesh/kit'
import { freePort, postGraphQL, startTestSubgraph, TEST_GATEWAY_SECRET, type TestSubgraph } from '@datamesh/kit/testing'
import { SignJWT } from 'jose'
import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeSupergraph, readSupergraph, routingUrls, startGateway, subgraphsOf, type RunningGateway } from '../src/index.js'

const supergraphSdl = readSupergraph()
const JWT_SECRET = randomBytes(32).toString('base64url')


describe('routingUrls', () => {
  it('are the supergraph routing URLs in the default environment', () => {
    const urls = routingUrls(supergraphSdl, {}, {})
    expect(urls).toEqual(Object.fromEntries(subgraphsOf(supergraphSdl).map(({ name, url }) => [name, url])))
    expect(urls.customers).toBe('http://127.0.0.1:4001/graphql')
  })

  it('follow <DOMAIN>_PORT for the domain it moved, and only that one', () => {
    const urls = routingUrls(supergraphSdl, {}, { CUSTOMERS_PORT: '4101' })
    expect(urls.customers).toBe('http://127.0.0.1:4101/graphql')
    expect(urls.catalog).toBe('http://127.0.0.1:4002/graphql')
  })

  it('take <DOMAIN>_SUBGRAPH_URL over <DOMAIN>_PORT, and an explicit override over both', () => {
    const env = { CUSTOMERS_PORT: '4101', CUSTOMERS_SUBGRAPH_URL: 'http://customers:4001/graphql' }
    expect(routingUrls(supergraphSdl, {}, env).customers).toBe('http://customers:4001/graphql')
    expect(routingUrls(supergraphSdl, { customers: 'http://127.0.0.1:9/graphql' }, env).customers).toBe('http://127.0.0.1:9/graphql')
  })
})

describe('a gateway started with CATALOG_PORT, CUSTOMERS_PORT and DATAMESH_JWT_MAX_LIFETIME', () => {
  let subgraph: TestSubgraph
  let gateway: RunningGateway
  const as = async (expiresIn: string) => ({ authorization: `Bearer ${await mintDevToken({ sub: 'ana', roles: ['analyst'], expiresIn }, JWT_SECRET)}` })

  beforeAll(async () => {
    subgraph = await startTestSubgraph(catalog)
    // The two domains at their default ports, as `datamesh compose` writes them.
    const twoDomains = composeSupergraph([catalog, customers].map((domain) => ({ name: domain.name, url: `http://127.0.0.1:${domain.port}/graphql`, sdl: printDomainSdl(domain) })))
    gateway = await startGateway({
      supergraphSdl: twoDomains,
      policies: [...catalogPolicies, ...customerPolicies],
      port: 0,
      host: '127.0.0.1',
      // Nothing listens on the customers port: without it, the gateway would call whatever runs on 4001.
      env: { CATALOG_PORT: String(subgraph.port), CUSTOMERS_PORT: String(await freePort()), DATAMESH_JWT_MAX_LIFETIME: '30m' },
      logger: pino({ level: 'silent' }),
      governance: { audit: false },
      secrets: { jwt: JWT_SECRET, gateway: TEST_GATEWAY_SECRET, mask: randomBytes(32).toString('base64url') },
    })
  })
  afterAll(async () => {
    await gateway?.stop()
    await subgraph?.stop()
  })

  it('calls the catalog on the port CATALOG_PORT moved it to', async () => {
    const direct = await subgraph.query('{ products(first: 1) { totalCount } }')
    const result = await postGraphQL(gateway.url, '{ products(first: 1) { totalCount } }', {}, await as('20m'))
    expect(result.errors).toBeUndefined()
    expect(result.data.products.totalCount).toBeGreaterThan(0)
    expect(result.data).toEqual(direct.data)
  })

  it('calls customers on its moved port too, and says it is unavailable there', async () => {
    const result = await postGraphQL(gateway.url, '{ customer(id: "1") { id } }', {}, await as('20m'))
    expect(result.data).toEqual({ customer: null })
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', domain: 'customers' })
  })

  it('refuses with 401 a token that lives longer than DATAMESH_JWT_MAX_LIFETIME', async () => {
    const result = await postGraphQL(gateway.url, '{ products(first: 1) { totalCount } }', {}, await as('1h'))
    expect(result.status).toBe(401)
    expect(result.errors?.[0]).toMatchObject({
      message: 'the token lives 1h, longer than the gateway accepts (30m, DATAMESH_JWT_MAX_LIFETIME); ask for a shorter-lived token',
      extensions: { code: 'UNAUTHENTICATED' },
    })
  })

  it('refuses with 401 a signed token that never expires', async () => {
    const forever = await new SignJWT({ roles: ['analyst'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('ana').setIssuedAt().sign(new TextEncoder().encode(JWT_SECRET))
    const result = await postGraphQL(gateway.url, '{ products(first: 1) { totalCount } }', {}, { authorization: `Bearer ${forever}` })
    expect(result.status).toBe(401)
    expect(result.errors?.[0]).toMatchObject({ message: 'the token has no "exp" claim; the gateway accepts only tokens that expire', extensions: { code: 'UNAUTHENTICATED' } })
  })
})
