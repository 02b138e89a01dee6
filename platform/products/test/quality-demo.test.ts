// The demo domains' own descriptors hold on the data the demo generates: every rule of
// every product passes on a freshly seeded domain database. Freshness is judged as of
// the end of the generated history (WORLD_END), so the test does not age with the calendar.
import catalog from '@datamesh/catalog'
import customers from '@datamesh/customers'
import fulfillment from '@datamesh/fulfillment'
import { migrateToLatest, openDomainDatabase, seedDomain, WORLD_END, type DomainDatabase, type DomainDefinition } from '@datamesh/kit'
import { TEST_WORLD, testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import orders from '@datamesh/orders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadProducts, runProductRules } from '../src/index.js'

describe.each([customers, catalog, orders, fulfillment] as DomainDefinition[])('the $name domain', (domain) => {
  let database: TestDatabase
  let opened: DomainDatabase<unknown>

  beforeAll(async () => {
    database = testDatabase(domain.name)
    opened = await openDomainDatabase(domain.name, database.options)
    await migrateToLatest(opened.db, domain.migrations)
    await seedDomain(domain, opened.db, TEST_WORLD)
  })

  afterAll(async () => {
    await opened?.close()
    await database?.drop()
  })

  it('meets every quality rule of its data products on the generated data', async () => {
    const products = loadProducts([domain.name])
    expect(products.length).toBeGreaterThan(0)
    for (const product of products) {
      expect(product.quality.length).toBeGreaterThan(0)
      const results = await runProductRules(opened.db, product, { now: WORLD_END })
      const failed = results.filter((result) => !result.passed).map(({ ruleId, measured, expectation, error }) => ({ ruleId, measured, expectation, error }))
      expect(failed, `${product.id}`).toEqual([])
      expect(results).toHaveLength(product.quality.length)
    }
  })
})
