// What the bench asks: the mesh's own operations (cross-domain pages of 10 and 100, a
// customer with orders and features, a catalog page with stock, one single-domain page
// that a subgraph can answer alone) and the public gateway benchmark's TestQuery.
import type { MESH_OPERATION_IDS } from './options.js'
import { TEST_QUERY } from './public/index.js'

type MeshOperationId = (typeof MESH_OPERATION_IDS)[number]

export interface Operation {
  readonly id: MeshOperationId | 'TestQuery'
  readonly description: string
  readonly query: string
  readonly variables?: Readonly<Record<string, unknown>>
  /** The one subgraph that can answer it alone, for the floor contender. */
  readonly singleDomain?: string
}

const ORDERS_PAGE = `query OrdersPage($first: Int!) {
  orders(first: $first) {
    edges { node {
      id placedAt status total
      customer { name email country }
      lines { quantity unitPrice product { name listPrice supplierCost stock { warehouse { name } quantity } } }
      shipments { carrier status }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`

const CUSTOMER = `query Customer($id: ID!) {
  customer(id: $id) {
    name email segment
    orders(first: 10) { id placedAt status total shipments { carrier status } }
    features { orderCount lifetimeValue averageBasket daysSinceLastOrder favouriteCategory churnRisk }
  }
}`

const PRODUCTS_PAGE = `query ProductsPage($first: Int!) {
  products(first: $first) {
    edges { node { name listPrice category { name } stock { warehouse { name } quantity } } }
    pageInfo { hasNextPage endCursor }
  }
}`

const ORDERS_ONLY = `query OrdersOnly($first: Int!) {
  orders(first: $first) {
    edges { node { id placedAt status total lines { quantity unitPrice lineTotal } } }
    pageInfo { hasNextPage endCursor }
  }
}`

export const MESH_OPERATIONS: readonly Operation[] = [
  { id: 'orders-10', description: 'orders page of 10 with customer, lines → product → stock, shipments', query: ORDERS_PAGE, variables: { first: 10 } },
  { id: 'orders-100', description: 'the same page of 100', query: ORDERS_PAGE, variables: { first: 100 } },
  { id: 'customer', description: 'a customer with orders, shipments and ML features', query: CUSTOMER, variables: { id: '42' } },
  { id: 'products-10', description: 'catalog page of 10 with category and stock', query: PRODUCTS_PAGE, variables: { first: 10 } },
  { id: 'products-100', description: 'the same page of 100', query: PRODUCTS_PAGE, variables: { first: 100 } },
  { id: 'orders-only-100', description: 'orders page of 100 with lines, one domain', query: ORDERS_ONLY, variables: { first: 100 }, singleDomain: 'orders' },
]

/** The paginated operations whose latency must hold as the data grows. */
export const SCALE_OPERATIONS: readonly string[] = ['orders-100', 'products-100']

export const PUBLIC_OPERATION: Operation = {
  id: 'TestQuery',
  description: 'the public gateway benchmark’s query (users, topProducts, reviews, nested three deep)',
  query: TEST_QUERY,
}

export function requestBody(operation: Operation): string {
  return JSON.stringify({ query: operation.query, ...(operation.variables ? { variables: operation.variables } : {}) })
}
