// A refresh of the analytics features: read the input data products through the gateway
// as the analytics service (governed like any consumer), aggregate them in memory as they
// stream in, then replace the features in the analytics database in one transaction and
// record the run's lineage (inputs with their versions and row counts, outputs, as-of).
import { insertRows, type Row } from '@datamesh/kit'
import { loadProducts, type DataProduct } from '@datamesh/products'
import { sql, type Kysely } from 'kysely'
import type { Database, RunInput, RunOutput } from '../tables/database.js'
import { FeatureAggregator, type OrderObservation } from './features.js'
import { readConnection, RefreshError, type GatewayRequest } from './gateway-reader.js'
import { PURPOSE_HEADER, subjectOf } from './identity.js'

/** What a refresh reads, in the order it reads them, and the root connection of each. */
export const REFRESH_INPUTS = Object.freeze([
  { product: 'customers.profiles', field: 'customers' },
  { product: 'catalog.products', field: 'products' },
  { product: 'fulfillment.inventory', field: 'stockLevels' },
  { product: 'orders.orders', field: 'orders' },
] as const)

/** What a refresh writes: each data product and its table. */
export const REFRESH_OUTPUTS = Object.freeze([
  { product: 'analytics.customer-features', table: 'customer_features' },
  { product: 'analytics.product-demand', table: 'product_demand' },
] as const)

/** The advisory lock that serialises the writes of concurrent refreshes. */
const REFRESH_LOCK = 4005_0001

const PAGE = `pageInfo { hasNextPage endCursor }`

const QUERIES: Readonly<Record<(typeof REFRESH_INPUTS)[number]['field'], string>> = {
  customers: `query AnalyticsRefreshCustomers($first: Int!, $after: String, $count: Boolean!) {
    customers(first: $first, after: $after) { totalCount @include(if: $count) edges { node { id } } ${PAGE} }
  }`,
  products: `query AnalyticsRefreshProducts($first: Int!, $after: String, $count: Boolean!) {
    products(first: $first, after: $after) { totalCount @include(if: $count) edges { node { id } } ${PAGE} }
  }`,
  stockLevels: `query AnalyticsRefreshStock($first: Int!, $after: String, $count: Boolean!) {
    stockLevels(first: $first, after: $after) { totalCount @include(if: $count) edges { node { quantity product { id } } } ${PAGE} }
  }`,
  orders: `query AnalyticsRefreshOrders($first: Int!, $after: String, $count: Boolean!, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter) {
      totalCount @include(if: $count)
      edges { node { id customer { id } placedAt status total lines { quantity product { id category { name } } } } }
      ${PAGE}
    }
  }`,
}

export interface RefreshOptions extends GatewayRequest {
  /** The analytics domain's database. */
  readonly db: Kysely<Database>
  /** The instant the features describe; orders placed at or after it are not read. Defaults to now. */
  readonly asOf?: Date
  /** Progress per step (each input read, each output written): what, how many so far, of how many. */
  readonly onProgress?: (step: string, done: number, total: number | undefined) => void
  /** The data product descriptors, for the versions the lineage records; read from the repository by default. */
  readonly products?: readonly DataProduct[]
}

export interface RefreshReport {
  readonly runId: number
  readonly asOf: Date
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly durationMs: number
  readonly readAs: string
  readonly purpose: string
  readonly inputs: readonly RunInput[]
  readonly outputs: readonly RunOutput[]
}

function idOf(value: unknown, what: string): number {
  const id = Number((value as { id?: unknown } | null)?.id)
  if (!Number.isSafeInteger(id) || id < 1) throw new RefreshError(`${what} has no usable id (${JSON.stringify(value)}); the refresh needs raw ids`)
  return id
}

function versionOf(products: readonly DataProduct[], id: string): string {
  const product = products.find((candidate) => candidate.id === id)
  if (!product) throw new RefreshError(`data product ${id} has no descriptor; the refresh cannot record its lineage`)
  return product.version
}

function toOrder(node: any): OrderObservation {
  const placedAt = new Date(node.placedAt)
  if (Number.isNaN(placedAt.getTime()) || typeof node.total !== 'number' || typeof node.status !== 'string' || !Array.isArray(node.lines)) {
    throw new RefreshError(`orders.orders: order ${node.id} came without a usable placedAt, status, total or lines`)
  }
  return {
    customerId: idOf(node.customer, `order ${node.id}'s customer`),
    placedAt,
    status: node.status,
    total: node.total,
    lines: node.lines.map((line: any) => {
      const category = line.product?.category?.name
      if (typeof category !== 'string' || typeof line.quantity !== 'number') {
        throw new RefreshError(`orders.orders: a line of order ${node.id} came without its quantity or its product's category name`)
      }
      return { productId: idOf(line.product, `a line of order ${node.id}`), quantity: line.quantity, category }
    }),
  }
}

export async function refreshFeatures(options: RefreshOptions): Promise<RefreshReport> {
  const startedAt = new Date()
  const asOf = options.asOf ?? startedAt
  if (Number.isNaN(asOf.getTime())) throw new RefreshError('asOf is not a valid instant')
  const purpose = Object.entries(options.headers).find(([name]) => name.toLowerCase() === PURPOSE_HEADER)?.[1]
  if (!purpose) throw new RefreshError(`the refresh reads its inputs as a governed consumer and must declare its purpose (the ${PURPOSE_HEADER} header)`)
  const readAs = subjectOf(options.headers) ?? 'anonymous'
  const products = options.products ?? loadProducts(['customers', 'catalog', 'fulfillment', 'orders', 'analytics'])
  const versions = new Map([...REFRESH_INPUTS, ...REFRESH_OUTPUTS].map(({ product }) => [product, versionOf(products, product)]))

  const aggregator = new FeatureAggregator(asOf)
  const inputs: RunInput[] = []
  for (const { product, field } of REFRESH_INPUTS) {
    const nodes = readConnection({
      gatewayUrl: options.gatewayUrl,
      headers: options.headers,
      product,
      field,
      query: QUERIES[field],
      ...(field === 'orders' ? { variables: { filter: { placedBefore: asOf.toISOString() } } } : {}),
      onPage: (rowsRead, total) => options.onProgress?.(product, rowsRead, total),
    })
    let rowsRead = 0
    for await (const node of nodes) {
      rowsRead++
      if (field === 'customers') aggregator.addCustomer(idOf(node, 'a customer'))
      else if (field === 'products') aggregator.addProduct(idOf(node, 'a product'))
      else if (field === 'stockLevels') aggregator.addStock(idOf(node.product, 'a stock level'), Number(node.quantity))
      else aggregator.addOrder(toOrder(node))
    }
    inputs.push({ product, version: versions.get(product) as string, rowsRead })
  }

  const written = await writeFeatures(options.db, aggregator, { asOf, startedAt, computedAt: new Date(), readAs, purpose, inputs, versions, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
  return { ...written, asOf, startedAt, readAs, purpose, inputs }
}

export interface RunRecord {
  readonly asOf: Date
  readonly startedAt: Date
  /** When the features were computed: every row's computedAt. */
  readonly computedAt: Date
  readonly readAs: string
  readonly purpose: string
  readonly inputs: readonly RunInput[]
  /** Descriptor version of each output product. */
  readonly versions: ReadonlyMap<string, string>
  readonly onProgress?: (step: string, done: number, total: number | undefined) => void
}

/**
 * Replaces the features with the aggregator's, in one transaction, and records the run: a
 * reader sees the previous features until the new ones are all written.
 */
export async function writeFeatures(
  db: Kysely<Database>,
  aggregator: FeatureAggregator,
  record: RunRecord,
): Promise<{ runId: number; finishedAt: Date; durationMs: number; outputs: RunOutput[] }> {
  return db.transaction().execute(async (trx) => {
    // One refresh writes at a time: a second waits here, then replaces the first's rows.
    await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx)
    // The run row first, for the features to refer to; its end is set once they are written.
    const run = await trx
      .insertInto('refresh_runs')
      .values({
        as_of: record.asOf,
        started_at: record.startedAt,
        finished_at: record.computedAt,
        duration_ms: 0,
        read_as: record.readAs,
        purpose: record.purpose,
        inputs: JSON.stringify(record.inputs),
        outputs: JSON.stringify([]),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const common = { as_of: record.asOf, computed_at: record.computedAt, run_id: run.id }
    function* customerRows(): Generator<Row> {
      for (const features of aggregator.customerFeatures()) {
        yield {
          id: features.customerId,
          order_count: features.orderCount,
          lifetime_value: features.lifetimeValue,
          average_basket: features.averageBasket,
          days_since_last_order: features.daysSinceLastOrder,
          last_order_at: features.lastOrderAt,
          favourite_category: features.favouriteCategory,
          churn_risk: features.churnRisk,
          ...common,
        }
      }
    }
    function* demandRows(): Generator<Row> {
      for (const demand of aggregator.productDemand()) {
        yield { id: demand.productId, units_per_week: demand.unitsPerWeek, stock_on_hand: demand.stockOnHand, stock_cover_days: demand.stockCoverDays, ...common }
      }
    }
    const progress = (product: string) => (_table: string, done: number, total: number | undefined) => record.onProgress?.(product, done, total)
    await trx.deleteFrom('customer_features').execute()
    await trx.deleteFrom('product_demand').execute()
    const [features, demand] = REFRESH_OUTPUTS
    const written = [
      await insertRows(trx, features.table, customerRows(), { total: aggregator.customerCount, onProgress: progress(features.product) }),
      await insertRows(trx, demand.table, demandRows(), { total: aggregator.productCount, onProgress: progress(demand.product) }),
    ]
    const outputs: RunOutput[] = REFRESH_OUTPUTS.map(({ product }, index) => ({
      product,
      version: record.versions.get(product) ?? 'unknown',
      rowsWritten: written[index] as number,
    }))
    const finishedAt = new Date()
    const durationMs = Math.max(0, Math.round(finishedAt.getTime() - record.startedAt.getTime()))
    await trx
      .updateTable('refresh_runs')
      .set({ finished_at: finishedAt, duration_ms: durationMs, outputs: JSON.stringify(outputs) })
      .where('id', '=', run.id)
      .execute()
    return { runId: run.id, finishedAt, durationMs, outputs }
  })
}
