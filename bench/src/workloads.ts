// What the bench asks: the mesh's own operations (cross-domain pages of 10 and 100, a
// customer with orders and features, a catalog page with stock, one single-domain page
// that a subgraph can answer alone) and the public gateway benchmark's TestQuery.
import type { MESH_OPERATION_IDS } from './options.js'
import { encodeCursor } from '@datamesh/kit'
import { TEST_QUERY } from './public/index.js'

type MeshOperationId = (typeof MESH_OPERATION_IDS)[number]

export interface Operation {
  readonly id: MeshOperationId | 'TestQuery'
  readonly description: string
  readonly query: string
  /** The variables of the i-th of VARIANTS requests over data of the given scale. */
  readonly variables?: (variant: number, scale: number) => Readonly<Record<string, unknown>>
  /** The one subgraph that can answer it alone, for the floor contender. */
  readonly singleDomain?: string
}

/**
 * The mesh operations are asked with VARIANTS different variables in turn (pages spread
 * over the whole data, different customers), as real consumers would: identical requests
 * in flight at once would let a gateway that shares identical subgraph calls skip work.
 */
export const VARIANTS = 100
/** Rows per unit of scale in the demo data (DemoWorld), with a margin so every page is full. */
const ROWS = { orders: 9_000, products: 180, customers: 900 }

/** A page of `first` starting after a key spread evenly over `rows` rows. */
const spreadPage = (rows: number, first: number) => (variant: number, scale: number) => {
  const key = Math.floor((variant * (rows * scale - first)) / VARIANTS)
  return key === 0 ? { first } : { first, after: encodeCursor(key) }
}

const ORDERS_PAGE = `query OrdersPage($first: Int!, $after: String) {
  orders(first: $first, after: $after) {
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

const PRODUCTS_PAGE = `query ProductsPage($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    edges { node { name listPrice category { name } stock { warehouse { name } quantity } } }
    pageInfo { hasNextPage endCursor }
  }
}`

const ORDERS_ONLY = `query OrdersOnly($first: Int!, $after: String) {
  orders(first: $first, after: $after) {
    edges { node { id placedAt status total lines { quantity unitPrice lineTotal } } }
    pageInfo { hasNextPage endCursor }
  }
}`

export const MESH_OPERATIONS: readonly Operation[] = [
  { id: 'orders-10', description: 'orders page of 10 with customer, lines → product → stock, shipments', query: ORDERS_PAGE, variables: spreadPage(ROWS.orders, 10) },
  { id: 'orders-100', description: 'the same page of 100', query: ORDERS_PAGE, variables: spreadPage(ROWS.orders, 100) },
  {
    id: 'customer',
    description: 'a customer with orders, shipments and ML features',
    query: CUSTOMER,
    variables: (variant, scale) => ({ id: String(1 + Math.floor((variant * ROWS.customers * scale) / VARIANTS)) }),
  },
  { id: 'products-10', description: 'catalog page of 10 with category and stock', query: PRODUCTS_PAGE, variables: spreadPage(ROWS.products, 10) },
  { id: 'products-100', description: 'the same page of 100', query: PRODUCTS_PAGE, variables: spreadPage(ROWS.products, 100) },
  { id: 'orders-only-100', description: 'orders page of 100 with lines, one domain', query: ORDERS_ONLY, variables: spreadPage(ROWS.orders, 100), singleDomain: 'orders' },
]

/** The paginated operations whose latency must hold as the data grows. */
export const SCALE_OPERATIONS: readonly string[] = ['orders-100', 'products-100']

export const PUBLIC_OPERATION: Operation = {
  id: 'TestQuery',
  description: 'the public gateway benchmark’s query (users, topProducts, reviews, nested three deep)',
  query: TEST_QUERY,
}

/** The bodies the load cycles through: one for an operation without variables, else VARIANTS. */
export function requestBodies(operation: Operation, scale: number): string[] {
  const { variables } = operation
  if (!variables) return [JSON.stringify({ query: operation.query })]
  return Array.from({ length: VARIANTS }, (_, variant) => JSON.stringify({ query: operation.query, variables: variables(variant, scale) }))
}
