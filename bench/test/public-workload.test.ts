// The public benchmark's workload, end to end through a bare Apollo Gateway: TestQuery must
// come back with the shape and size the benchmark's gateways answer with (about 88 KB), and
// the subgraphs must really memoise, or they, not the gateway, would be what gets measured.
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVENTORY, PRODUCTS, USERS } from '../src/public/data.js'
import {
  composePublicSupergraph,
  PUBLIC_SUBGRAPHS,
  startPublicSubgraphs,
  TEST_QUERY,
  type PublicSubgraphs,
} from '../src/public/index.js'

interface UserOut {
  id: string
  username: string
  name: string
  reviews?: ReviewOut[]
}
interface ReviewOut {
  id: string
  body: string
  product?: ProductOut
  author?: UserOut
}
interface ProductOut {
  inStock: boolean
  name: string
  price: number
  shippingEstimate: number | null
  upc: string
  weight: number
  reviews?: ReviewOut[]
}
interface TestQueryData {
  users: UserOut[]
  topProducts: ProductOut[]
}

/** Review id → body length, from the benchmark's data. */
const BODY_LENGTHS: Record<string, number> = {
  '1': 445, '2': 289, '3': 275, '4': 143, '5': 445, '6': 289, '7': 275, '8': 143, '9': 143, '10': 143, '11': 844,
}
/** Product upc → its reviews' ids. */
const PRODUCT_REVIEWS: Record<string, string[]> = { '1': ['1', '2', '3', '4'], '2': ['5', '6', '7', '8'], '3': ['9'], '4': ['10', '11'], '5': [] }

/** Every object in a JSON tree, so checks reach all nesting levels. */
function objects(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objects(item, into)
  else if (typeof value === 'object' && value !== null) {
    into.push(value as Record<string, unknown>)
    for (const child of Object.values(value)) objects(child, into)
  }
  return into
}

const ids = (items: { id: string }[] | undefined) => (items ?? []).map((item) => item.id)

let subgraphs: PublicSubgraphs
let server: ApolloServer

async function runTestQuery() {
  const response = await server.executeOperation<TestQueryData>({ query: TEST_QUERY })
  if (response.body.kind !== 'single') throw new Error('expected a single result')
  return response.body.singleResult
}

function executions(): Record<string, number> {
  return Object.fromEntries(PUBLIC_SUBGRAPHS.map((name) => [name, subgraphs.subgraphs[name].executions]))
}

beforeAll(async () => {
  subgraphs = await startPublicSubgraphs({ basePort: 0 })
  const gateway = new ApolloGateway({ supergraphSdl: composePublicSupergraph(subgraphs.urls) })
  server = new ApolloServer({ gateway })
  await server.start()
})

afterAll(async () => {
  await server?.stop()
  await subgraphs?.stop()
})

describe('the public benchmark workload through @apollo/gateway', () => {
  it("answers TestQuery with the benchmark's data, about 88 KB of JSON", async () => {
    const result = await runTestQuery()
    expect(result.errors).toBeUndefined()
    const data = result.data
    if (!data) throw new Error('no data')

    expect(ids(data.users)).toEqual(['1', '2', '3', '4', '5', '6'])
    for (const [index, user] of data.users.entries()) {
      expect({ name: user.name, username: user.username }).toEqual({ name: USERS[index]?.name, username: USERS[index]?.username })
      // User.reviews is always reviews 1-2, both of product 1 (4 reviews, each by user 1).
      expect(ids(user.reviews)).toEqual(['1', '2'])
      for (const review of user.reviews ?? []) {
        expect(review.product?.upc).toBe('1')
        expect(ids(review.product?.reviews)).toEqual(PRODUCT_REVIEWS['1'])
      }
    }

    expect(data.topProducts.map((product) => product.upc)).toEqual(['1', '2', '3', '4', '5'])
    for (const product of data.topProducts) expect(ids(product.reviews)).toEqual(PRODUCT_REVIEWS[product.upc])

    const all = objects(data)
    const products = all.filter((node) => 'upc' in node) as unknown as ProductOut[]
    const reviews = all.filter((node) => 'body' in node) as unknown as ReviewOut[]
    const authors = reviews.flatMap((review) => (review.author ? [review.author] : []))
    const usersWithReviews = all.filter((node) => 'username' in node && 'reviews' in node) as unknown as UserOut[]
    for (const product of products) {
      const source = PRODUCTS.find((known) => known.upc === product.upc)
      expect(product).toMatchObject({
        name: source?.name,
        price: source?.price,
        weight: source?.weight,
        inStock: INVENTORY.find((item) => item.upc === product.upc)?.inStock,
        shippingEstimate: null,
      })
    }
    for (const review of reviews) expect(review.body.length).toBe(BODY_LENGTHS[review.id])
    expect(authors.length).toBeGreaterThan(0)
    for (const author of authors) expect(author).toMatchObject({ id: '1', username: 'urigo', name: 'Uri Goldshtein' })
    for (const user of usersWithReviews) expect(ids(user.reviews)).toEqual(['1', '2'])

    const bytes = Buffer.byteLength(JSON.stringify(result))
    console.log(
      `TestQuery response: ${bytes} bytes of JSON (${products.length} products, ${reviews.length} reviews, ${authors.length} authors)`,
    )
    expect(bytes).toBeGreaterThan(80_000)
    expect(bytes).toBeLessThan(95_000)
  })

  it('executes each subgraph operation once, then answers from memory', async () => {
    await runTestQuery()
    const first = executions()
    const requestsBefore = PUBLIC_SUBGRAPHS.map((name) => subgraphs.subgraphs[name].requests)
    for (const name of PUBLIC_SUBGRAPHS) expect(first[name]).toBeGreaterThan(0)

    const again = await runTestQuery()
    expect(again.errors).toBeUndefined()
    expect(executions()).toEqual(first)
    PUBLIC_SUBGRAPHS.forEach((name, index) => {
      expect(subgraphs.subgraphs[name].requests).toBeGreaterThan(requestsBefore[index] ?? Infinity)
    })
    console.log(`subgraph executions after repeated TestQuery runs: ${JSON.stringify(first)}`)
  })
})
