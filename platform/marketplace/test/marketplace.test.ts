// The data product catalog answering through the governed gateway, over the real
// descriptors, the real supergraph and measurements taken in the test itself.
import analytics, { policies as analyticsPolicies } from '@datamesh/analytics'
import catalog, { policies as catalogPolicies } from '@datamesh/catalog'
import customers, { policies as customerPolicies } from '@datamesh/customers'
import fulfillment, { policies as fulfillmentPolicies } from '@datamesh/fulfillment'
import { startTestMesh, type TestMesh } from '@datamesh/gateway/testing'
import type { GovernanceDatabase } from '@datamesh/governance'
import { WORLD_END } from '@datamesh/kit'
import orders, { policies as orderPolicies } from '@datamesh/orders'
import { loadProducts, recordProductLoad, recordQualityResults, runProductRules } from '@datamesh/products'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { governedSchema } from '@datamesh/governance'
import { createMarketplace, meshSources, policies as marketplacePolicies } from '../src/index.js'

let mesh: TestMesh
let analyst: Record<string, string>
const domains = [customers, catalog, orders, fulfillment, analytics]
const products = loadProducts(domains.map((domain) => domain.name))

beforeAll(async () => {
  let supergraphSdl = ''
  const marketplace = createMarketplace(() => ({ ...meshSources(), products, supergraphSdl, gatewayUrl: mesh.gateway.url }))
  mesh = await startTestMesh([...domains, marketplace], {
    policies: [...customerPolicies, ...catalogPolicies, ...orderPolicies, ...fulfillmentPolicies, ...analyticsPolicies, ...marketplacePolicies],
  })
  supergraphSdl = mesh.supergraphSdl
  analyst = await mesh.as({ sub: 'ana', roles: ['analyst'] })
})
afterAll(() => mesh?.stop())

const ask = async (query: string, variables?: Record<string, unknown>) => {
  const result = await mesh.query(query, variables, analyst)
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined()
  return result.data
}

describe('the data product catalog', () => {
  it('answers the README catalog query as written', async () => {
    const data = await ask(`{ dataProducts(search: "customer") { id owner { name } status sla { freshness { target met } } lineage { upstream { id } } } }`)
    const ids = data.dataProducts.map((product: any) => product.id)
    expect(ids).toEqual(expect.arrayContaining(['customers.profiles', 'analytics.customer-features', 'orders.orders']))
    const features = data.dataProducts.find((product: any) => product.id === 'analytics.customer-features')
    expect(features.owner.name).toBeTruthy()
    expect(features.status).toBe('ACTIVE')
    expect(features.lineage.upstream.map((product: any) => product.id)).toEqual(expect.arrayContaining(['orders.orders', 'customers.profiles']))
    expect(data.dataProducts.find((product: any) => product.id === 'customers.profiles').owner.name).toBe('Customer Data')
  })

  it('ranks by name, description, field names and tags, and leaves out what does not match', async () => {
    const tracking = await ask(`{ dataProducts(search: "tracking") { id relevance } }`)
    expect(tracking.dataProducts[0].id).toBe('fulfillment.shipments')
    const relevance = tracking.dataProducts.map((product: any) => product.relevance)
    expect([...relevance].sort((a, b) => b - a)).toEqual(relevance)
    const pii = await ask(`{ dataProducts(search: "pii") { id } }`)
    expect(pii.dataProducts.map((product: any) => product.id)).toContain('customers.profiles')
    expect(pii.dataProducts.map((product: any) => product.id)).not.toContain('catalog.products')
    const nothing = await ask(`{ dataProducts(search: "zeppelin") { id } }`)
    expect(nothing.dataProducts).toEqual([])
  })

  it('filters by domain and status', async () => {
    const data = await ask(`{ dataProducts(domain: "fulfillment", status: ACTIVE) { id domain { name } } }`)
    expect(data.dataProducts.map((product: any) => product.id).sort()).toEqual(['fulfillment.inventory', 'fulfillment.shipments'])
    expect((await ask(`{ dataProducts(status: RETIRED) { id } }`)).dataProducts).toEqual([])
  })

  it('lists the domains with their teams and products', async () => {
    const data = await ask(`{ domains { name teams dataProducts { id } } }`)
    const fulfillmentDomain = data.domains.find((domain: any) => domain.name === 'fulfillment')
    expect(fulfillmentDomain.teams).toEqual(['Logistics'])
    expect(fulfillmentDomain.dataProducts.map((product: any) => product.id).sort()).toEqual(['fulfillment.inventory', 'fulfillment.shipments'])
  })

  it('shows every field with its classification, mask, owning domain and access rules, read from the schema', async () => {
    const data = await ask(`query($id: ID!) { dataProduct(id: $id) { fields { coordinate domain classification mask accessRules } } }`, { id: 'customers.profiles' })
    const field = (coordinate: string) => data.dataProduct.fields.find((candidate: any) => candidate.coordinate === coordinate)
    expect(field('Customer.email')).toEqual({ coordinate: 'Customer.email', domain: 'customers', classification: 'pii', mask: 'email', accessRules: ['global policy global.pii-protection'] })
    expect(field('Customer.segment').accessRules).toEqual(['@policy(policies: [["customers.staff-only"]])'])
    expect(field('Customer.orders')).toMatchObject({ domain: 'orders', accessRules: ['@authenticated'] })
    const catalogFields = (await ask(`{ dataProduct(id: "catalog.products") { fields { coordinate accessRules } } }`)).dataProduct.fields
    expect(catalogFields.find((candidate: any) => candidate.coordinate === 'Product.supplierCost').accessRules).toEqual([
      'global policy global.confidential-access',
      '@requiresScopes(scopes: [["catalog:cost:read"]])',
    ])
  })

  it('shows quality results and judges the freshness SLA from the latest run', async () => {
    const before = await ask(`{ dataProduct(id: "orders.orders") { quality { passing lastRunAt } sla { freshness { target met } } } }`)
    expect(before.dataProduct.quality).toEqual({ passing: null, lastRunAt: null })
    expect(before.dataProduct.sla.freshness).toEqual({ target: '60d', met: null })
    const product = products.find((candidate) => candidate.id === 'orders.orders')!
    const results = await runProductRules(mesh.subgraphs.orders!.database.db, product, { now: WORLD_END })
    await recordQualityResults(mesh.gateway.auditStore!.db as Kysely<GovernanceDatabase>, results)
    const after = await ask(`{ dataProduct(id: "orders.orders") { quality { passing lastRunAt rules { id expectation lastResult { passed measured } } } sla { freshness { field ageSeconds met } } } }`)
    expect(after.dataProduct.quality.passing).toBe(true)
    expect(after.dataProduct.quality.rules.find((rule: any) => rule.id === 'totals-add-up')).toEqual({ id: 'totals-add-up', expectation: 'mustBe 0', lastResult: { passed: true, measured: 0 } })
    // Judged as of the generated history's end, the data was fresh when measured; it ages with the clock.
    const freshness = after.dataProduct.sla.freshness
    expect(freshness.field).toBe('Order.placedAt')
    expect(freshness.met).toBe(freshness.ageSeconds <= 60 * 86_400)
  })

  it('measures the latency SLA from the gateway’s own timings', async () => {
    for (let i = 0; i < 3; i++) await ask(`{ orders(first: 5) { edges { node { id } } } }`)
    await mesh.gateway.flushAudit()
    const data = await ask(`{ dataProduct(id: "orders.orders") { sla { latency { target targetMs measuredMs samples met } } } }`)
    const latency = data.dataProduct.sla.latency
    expect(latency).toMatchObject({ target: '300ms', targetMs: 300 })
    expect(latency.samples).toBeGreaterThanOrEqual(3)
    expect(latency.measuredMs).toBeGreaterThan(0)
    expect(latency.met).toBe(latency.measuredMs <= 300)
  })

  it('names its consumers to a data steward: products made from it and subjects who read it', async () => {
    await mesh.query(`{ customer(id: "1") { email } }`, {}, await mesh.as({ sub: 'sam', roles: ['support'] }))
    await mesh.gateway.flushAudit()
    const result = await mesh.query(
      `{ dataProduct(id: "customers.profiles") { consumers { dataProducts { id } subjects { subject requests purposes } } } }`,
      {},
      await mesh.as({ sub: 'stella', roles: ['steward'] }),
    )
    expect(result.errors).toBeUndefined()
    expect(result.data.dataProduct.consumers.dataProducts.map((product: any) => product.id)).toContain('analytics.customer-features')
    expect(result.data.dataProduct.consumers.subjects).toContainEqual({ subject: 'sam', requests: 1, purposes: [] })
  })

  it('shows who consumed a product to nobody but data stewards: anonymous callers and analysts get FORBIDDEN', async () => {
    const query = `{ dataProducts { id consumers { dataProducts { id } subjects { subject purposes requests lastSeen } } } }`
    for (const headers of [{}, analyst]) {
      const result = await mesh.query(query, {}, headers)
      expect(result.status).toBe(200)
      expect(result.data.dataProducts.length).toBeGreaterThan(0)
      for (const product of result.data.dataProducts) expect(product.consumers.subjects).toBeNull()
      expect(JSON.stringify(result.data)).not.toContain('"sam"')
      expect(result.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Consumers.subjects', policy: 'marketplace.steward-only' })
    }
  })

  it('classifies every field it publishes, so each has its rule', () => {
    const { fields } = governedSchema(mesh.supergraphSdl)
    const catalogFields = [...fields.values()].filter((field) => field.domain === 'marketplace')
    expect(catalogFields.length).toBeGreaterThan(50)
    expect(catalogFields.filter((field) => field.classification === undefined).map((field) => field.coordinate)).toEqual([])
    expect(fields.get('Consumers.subjects')).toMatchObject({ classification: 'confidential', requirements: [expect.objectContaining({ directive: 'policy', anyOf: [['marketplace.steward-only']] })] })
  })

  it('traces lineage upstream and downstream, down to fields, and links its contract', async () => {
    const data = await ask(`{ dataProduct(id: "analytics.customer-features") { lineage { upstream { id } downstream { id } fields { field upstream } } contract { standard path command } } }`)
    const { lineage, contract } = data.dataProduct
    expect(lineage.upstream.map((product: any) => product.id)).toEqual(expect.arrayContaining(['orders.orders', 'customers.profiles', 'catalog.products']))
    expect(lineage.fields.find((field: any) => field.field === 'CustomerFeatures.lifetimeValue').upstream).toEqual(expect.arrayContaining(['Order.total']))
    expect(contract).toEqual({
      standard: 'Open Data Contract Standard v3.1.0',
      path: 'contracts/analytics.customer-features.odcs.yaml',
      command: 'npx datamesh contract export analytics.customer-features',
    })
    const orders = await ask(`{ dataProduct(id: "orders.orders") { lineage { downstream { id } } } }`)
    expect(orders.dataProduct.lineage.downstream.map((product: any) => product.id)).toContain('analytics.customer-features')
  })

  it('shows the loads of files into a product, the files as its sources, and when data was last loaded', async () => {
    const store = mesh.gateway.auditStore!.db as Kysely<GovernanceDatabase>
    const load = { productId: 'catalog.products', domain: 'catalog', table: 'products', bytes: 2_048, mode: 'append', rowsRejected: 0 } as const
    await recordProductLoad(store, { ...load, sourceFile: 'products.csv', sha256: 'a'.repeat(64), rowsLoaded: 200, startedAt: new Date('2026-03-01T10:00:00Z'), finishedAt: new Date('2026-03-01T10:00:05Z') })
    await recordProductLoad(store, {
      ...load,
      sourceFile: 'spring.csv',
      sha256: 'b'.repeat(64),
      mode: 'upsert',
      rowsLoaded: 40,
      rowsRejected: 2,
      startedAt: new Date('2026-03-02T10:00:00Z'),
      finishedAt: new Date('2026-03-02T10:00:01Z'),
    })
    await recordProductLoad(store, { ...load, sourceFile: 'products.csv', sha256: 'c'.repeat(64), rowsLoaded: 210, startedAt: new Date('2026-03-03T10:00:00Z'), finishedAt: new Date('2026-03-03T10:00:06Z') })
    // The embedded store's one session would show the audit shipper's writer role, set for its
    // transaction, to a read that lands in the middle of it: let the earlier tests' events ship first.
    await mesh.gateway.flushAudit()
    const data = await ask(`{ dataProduct(id: "catalog.products") {
      loads { table file sha256 bytes mode rowsLoaded rowsRejected startedAt finishedAt }
      sla { lastLoadedAt }
      lineage { sources { name table sha256 lastLoadedAt } }
    } }`)
    expect(data.dataProduct.loads.map((entry: any) => [entry.file, entry.mode, entry.rowsLoaded, entry.rowsRejected])).toEqual([
      ['products.csv', 'APPEND', 210, 0],
      ['spring.csv', 'UPSERT', 40, 2],
      ['products.csv', 'APPEND', 200, 0],
    ])
    expect(data.dataProduct.loads[0]).toMatchObject({ table: 'products', sha256: 'c'.repeat(64), bytes: 2_048, finishedAt: '2026-03-03T10:00:06.000Z' })
    expect(data.dataProduct.sla.lastLoadedAt).toBe('2026-03-03T10:00:06.000Z')
    expect(data.dataProduct.lineage.sources).toEqual([
      { name: 'products.csv', table: 'products', sha256: 'c'.repeat(64), lastLoadedAt: '2026-03-03T10:00:06.000Z' },
      { name: 'spring.csv', table: 'products', sha256: 'b'.repeat(64), lastLoadedAt: '2026-03-02T10:00:01.000Z' },
    ])
    const never = await ask(`{ dataProduct(id: "orders.orders") { loads { file } sla { lastLoadedAt } lineage { sources { name } } } }`)
    expect(never.dataProduct).toEqual({ loads: [], sla: { lastLoadedAt: null }, lineage: { sources: [] } })
  })

  it('answers null for a product that does not exist', async () => {
    expect((await ask(`{ dataProduct(id: "nope.nothing") { id } }`)).dataProduct).toBeNull()
  })
})
