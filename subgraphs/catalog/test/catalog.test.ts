import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoWorld, type ProductFact } from '@datamesh/kit'
import { startTestSubgraph, TEST_WORLD, type TestSubgraph } from '@datamesh/kit/testing'
import catalog from '../src/index.js'

// At the test scale the catalog holds only 10 products and 3 suppliers: too few to show
// that 50 products cost what 10 do. Ten times the test scale is 100 products and is seeded
// as fast (the catalog does not generate orders).
const CATALOG_WORLD = Object.freeze({ ...TEST_WORLD, scale: TEST_WORLD.scale * 10 })
const world = new DemoWorld(CATALOG_WORLD)
const facts: ProductFact[] = Array.from({ length: world.productCount }, (_, i) => world.product(i + 1))

let subgraph: TestSubgraph
/** Every product as the subgraph lists it, for checking filters against the data. */
let products: any[]

beforeAll(async () => {
  subgraph = await startTestSubgraph(catalog, CATALOG_WORLD)
  products = await subgraph.collect('products', 'ProductFilter', {}, 'id name listPrice supplierCost discontinued sku category { id } supplier { id }')
})
afterAll(() => subgraph?.stop())

async function productIds(filter: Record<string, unknown>): Promise<number[]> {
  return (await subgraph.collect('products', 'ProductFilter', { filter })).map((product) => Number(product.id))
}

const ids = (items: readonly { id: number }[]) => items.map((item) => item.id)

const representations = (typename: string, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => ({ __typename: typename, id: String(from + i) }))

describe('catalog subgraph', () => {
  describe('root connections', () => {
    it('pages through products with cursors', async () => {
      const first = await subgraph.query(`{ products(first: 3) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`)
      expect(first.errors).toBeUndefined()
      const page = first.data.products
      expect(page.edges.map((edge: any) => edge.node.id)).toEqual(['1', '2', '3'])
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor })
      const next = await subgraph.query(`query($after: String) { products(first: 2, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }`, {
        after: page.pageInfo.endCursor,
      })
      expect(next.data.products.edges.map((edge: any) => edge.node.id)).toEqual(['4', '5'])
      expect(next.data.products.pageInfo.hasPreviousPage).toBe(true)
    })

    it('pages through every product, category and supplier exactly once', async () => {
      expect((await subgraph.collect('products', null, {}, 'id', 7)).map((node) => Number(node.id))).toEqual(ids(facts))
      const categories = await subgraph.collect('categories', null, {}, 'id name parent { id }', 4)
      expect(categories).toEqual(
        world.categories.map((category) => ({ id: String(category.id), name: category.name, parent: category.parentId === null ? null : { id: String(category.parentId) } })),
      )
      const suppliers = await subgraph.collect('suppliers', null, {}, 'id', 3)
      expect(suppliers.map((node) => Number(node.id))).toEqual(Array.from({ length: world.supplierCount }, (_, i) => i + 1))
    })

    it.each(['products', 'categories', 'suppliers'])('refuses a page of %s larger than the maximum instead of cutting it', async (field) => {
      const result = await subgraph.query(`{ ${field}(first: 101) { edges { node { id } } } }`)
      expect(result.data).toBeNull()
      expect(result.errors[0].message).toBe(`Query.${field}: "first" must be between 1 and 100, got 101`)
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it.each(['products', 'categories', 'suppliers'])('refuses a cursor it did not issue for %s', async (field) => {
      const result = await subgraph.query(`{ ${field}(after: "bm9wZQ") { edges { node { id } } } }`)
      expect(result.data).toBeNull()
      expect(result.errors[0].message).toBe(`Query.${field}: "after" is not a cursor this field returned`)
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })

    it('counts only when totalCount is selected', async () => {
      for (const [field, total] of [
        ['products', world.productCount],
        ['categories', world.categories.length],
        ['suppliers', world.supplierCount],
      ] as const) {
        const without = await subgraph.counted(`{ ${field}(first: 2) { edges { node { id } } } }`)
        expect(without.statements).toBe(1)
        const withCount = await subgraph.counted(`{ ${field}(first: 2) { totalCount edges { node { id } } } }`)
        expect(withCount.statements).toBe(2)
        expect(withCount.data[field].totalCount).toBe(total)
      }
    })
  })

  describe('product filters', () => {
    it('filters by an aisle', async () => {
      const aisle = facts[0]!.categoryId
      const expected = facts.filter((fact) => fact.categoryId === aisle)
      expect(await productIds({ categoryId: String(aisle) })).toEqual(ids(expected))
    })

    it("filters by a department, including all of its aisles' products", async () => {
      for (const department of world.categories.filter((category) => category.parentId === null)) {
        const aisles = world.categories.filter((category) => category.parentId === department.id).map((category) => category.id)
        const expected = facts.filter((fact) => aisles.includes(fact.categoryId))
        expect(await productIds({ categoryId: String(department.id) })).toEqual(ids(expected))
      }
      expect(await productIds({ categoryId: '1' })).not.toHaveLength(0)
    })

    it('filters by supplier', async () => {
      for (let supplierId = 1; supplierId <= world.supplierCount; supplierId++) {
        const expected = facts.filter((fact) => fact.supplierId === supplierId)
        expect(await productIds({ supplierId: String(supplierId) })).toEqual(ids(expected))
      }
    })

    it('filters by a price range, both ends inclusive', async () => {
      const expected = facts.filter((fact) => fact.listPrice >= 50 && fact.listPrice <= 300)
      expect(expected.length).toBeGreaterThan(0)
      expect(await productIds({ minPrice: 50, maxPrice: 300 })).toEqual(ids(expected))
      expect(await productIds({ minPrice: 500 })).toEqual(ids(facts.filter((fact) => fact.listPrice >= 500)))
      expect(await productIds({ maxPrice: 20 })).toEqual(ids(facts.filter((fact) => fact.listPrice <= 20)))
      const price = facts[4]!.listPrice
      expect(await productIds({ minPrice: price, maxPrice: price })).toEqual(ids(facts.filter((fact) => fact.listPrice === price)))
    })

    it('filters by a part of the name, ignoring case', async () => {
      const word = (products[0].name as string).split(' ').at(-1) as string
      const expected = products.filter((product) => product.name.toLowerCase().includes(word.toLowerCase())).map((product) => Number(product.id))
      expect(expected).toContain(1)
      expect(await productIds({ nameContains: word.toUpperCase() })).toEqual(expected)
      expect(await productIds({ nameContains: word.toLowerCase() })).toEqual(expected)
    })

    it('matches % and _ in the name literally, not as wildcards', async () => {
      for (const text of ['%', '_', 'a%', '_e']) {
        const expected = products.filter((product) => product.name.toLowerCase().includes(text)).map((product) => Number(product.id))
        expect(expected.length).toBeLessThan(products.length)
        expect(await productIds({ nameContains: text })).toEqual(expected)
      }
    })

    it('filters by discontinued', async () => {
      const discontinued = products.filter((product) => product.discontinued).map((product) => Number(product.id))
      const active = products.filter((product) => !product.discontinued).map((product) => Number(product.id))
      expect(await productIds({ discontinued: true })).toEqual(discontinued)
      expect(await productIds({ discontinued: false })).toEqual(active)
    })

    it('combines conditions so that all of them hold', async () => {
      const expected = facts.filter((fact) => [2, 3, 4].includes(fact.categoryId) && fact.listPrice <= 400)
      expect(await productIds({ categoryId: '1', maxPrice: 400 })).toEqual(ids(expected))
    })

    it('finds nothing for a category or supplier that does not exist', async () => {
      expect(await productIds({ categoryId: '999999' })).toEqual([])
      expect(await productIds({ categoryId: 'abc' })).toEqual([])
      expect(await productIds({ supplierId: '999999' })).toEqual([])
    })

    it('lists only departments when asked to', async () => {
      const result = await subgraph.query(`{ categories(departmentsOnly: true) { totalCount edges { node { id parent { id } } } } }`)
      const expected = world.categories.filter((category) => category.parentId === null)
      expect(result.data.categories.totalCount).toBe(expected.length)
      expect(result.data.categories.edges.map((edge: any) => edge.node)).toEqual(expected.map((category) => ({ id: String(category.id), parent: null })))
    })

    it('filters suppliers by country, ignoring case', async () => {
      const suppliers = await subgraph.collect('suppliers', null, {}, 'id country')
      const country = suppliers[0].country as string
      const expected = suppliers.filter((supplier) => supplier.country === country)
      const result = await subgraph.query(`query($country: String) { suppliers(first: 100, country: $country) { edges { node { id country } } } }`, {
        country: country.toLowerCase(),
      })
      expect(result.data.suppliers.edges.map((edge: any) => edge.node)).toEqual(expected)
    })
  })

  describe('entity references and batching', () => {
    it('resolves references to 40 products, 17 categories and 10 suppliers in one statement per type', async () => {
      const { data, statements } = await subgraph.counted(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { __typename ... on Product { id listPrice } ... on Category { id name } ... on Supplier { id name } } }`,
        {
          representations: [
            ...representations('Product', 40),
            ...representations('Category', world.categories.length),
            ...representations('Supplier', world.supplierCount),
          ],
        },
      )
      expect(statements).toBe(3)
      expect(data._entities).toHaveLength(40 + world.categories.length + world.supplierCount)
      expect(data._entities.every((entity: any) => entity !== null)).toBe(true)
      expect(data._entities[0]).toEqual({ __typename: 'Product', id: '1', listPrice: world.product(1).listPrice })
      expect(data._entities[40]).toEqual({ __typename: 'Category', id: '1', name: world.categories[0]!.name })
    })

    it("adds one statement each for products' categories, suppliers and the categories' aisles, whatever the number of products", async () => {
      const shapes = [
        ['id', 1],
        ['id category { id name }', 2],
        ['id category { id name } supplier { id name }', 3],
        ['id category { id name children { id } } supplier { id name }', 4],
      ] as const
      for (const [selection, expected] of shapes) {
        for (const count of [10, 50]) {
          const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { ${selection} } } }`, {
            representations: representations('Product', count),
          })
          expect(data._entities).toHaveLength(count)
          expect(data._entities.every((product: any) => product !== null)).toBe(true)
          expect(statements, `${selection} for ${count} products`).toBe(expected)
        }
      }
    })

    it('loads the aisles of any number of categories in one statement', async () => {
      const costs: number[] = []
      for (const count of [5, world.categories.length]) {
        const { data, statements } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Category { id children { id name } } } }`, {
          representations: representations('Category', count),
        })
        for (const category of data._entities) {
          const expected = world.categories.filter((child) => child.parentId === Number(category.id))
          expect(category.children).toEqual(expected.map((child) => ({ id: String(child.id), name: child.name })))
        }
        costs.push(statements)
      }
      expect(costs).toEqual([2, 2])
    })
  })

  describe('agreement with the demo world', () => {
    it("lists every product at the generator's price and cost, in its category, from its supplier", () => {
      expect(products).toHaveLength(world.productCount)
      for (const product of products) {
        const fact = world.product(Number(product.id))
        expect(product.listPrice).toBe(fact.listPrice)
        expect(product.supplierCost).toBe(fact.supplierCost)
        expect(product.category).toEqual({ id: String(fact.categoryId) })
        expect(product.supplier).toEqual({ id: String(fact.supplierId) })
        expect(product.sku).toBe(`SKU-${String(fact.categoryId).padStart(2, '0')}-${String(fact.id).padStart(6, '0')}`)
      }
    })

    it('files every product under an aisle, never directly under a department', () => {
      for (const product of products) expect(world.leafCategoryIds).toContain(Number(product.category.id))
    })

    it('never costs more than it sells for', () => {
      for (const product of products) expect(product.supplierCost).toBeLessThan(product.listPrice)
    })

    it('matches the single-product lookup to the generator', async () => {
      const result = await subgraph.query(`{ product(id: "42") { id listPrice category { id parent { id } } supplier { id } } }`)
      const fact = world.product(42)
      const aisle = world.categories.find((category) => category.id === fact.categoryId)!
      expect(result.data.product).toEqual({
        id: '42',
        listPrice: fact.listPrice,
        category: { id: String(fact.categoryId), parent: { id: String(aisle.parentId) } },
        supplier: { id: String(fact.supplierId) },
      })
    })
  })

  describe('ids that name nothing', () => {
    it('answers null for a product, category or supplier id that names none', async () => {
      const result = await subgraph.query(
        `{ a: product(id: "999999") { id } b: product(id: "abc") { id } c: category(id: "999999") { id } d: category(id: "1.5") { id } e: supplier(id: "999999") { id } f: supplier(id: "0") { id } }`,
      )
      expect(result.errors).toBeUndefined()
      expect(result.data).toEqual({ a: null, b: null, c: null, d: null, e: null, f: null })
    })

    it('answers null for references that name nothing', async () => {
      const { data } = await subgraph.counted(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id } ... on Category { id } } }`, {
        representations: [
          { __typename: 'Product', id: '999999' },
          { __typename: 'Product', id: 'abc' },
          { __typename: 'Category', id: '999999' },
          { __typename: 'Product', id: '3' },
        ],
      })
      expect(data._entities).toEqual([null, null, null, { id: '3' }])
    })

    it('gives an aisle an empty list of children and no department a parent', async () => {
      const aisle = world.leafCategoryIds[0]!
      const result = await subgraph.query(`query($aisle: ID!) { aisle: category(id: $aisle) { children { id } } department: category(id: "1") { parent { id } } }`, {
        aisle: String(aisle),
      })
      expect(result.data).toEqual({ aisle: { children: [] }, department: { parent: null } })
    })
  })
})
