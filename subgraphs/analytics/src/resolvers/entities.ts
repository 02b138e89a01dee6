// CustomerFeatures, ProductDemand and RefreshRun, and what this domain adds to Customer
// (their features) and Product (its demand).
import { loadById } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { CustomerFeaturesRow, ProductDemandRow, RefreshRunRow } from '../tables/database.js'

export const CustomerFeatures = {
  customer: (row: CustomerFeaturesRow) => ({ __typename: 'Customer', id: String(row.id) }),
  orderCount: (row: CustomerFeaturesRow) => row.order_count,
  lifetimeValue: (row: CustomerFeaturesRow) => row.lifetime_value,
  averageBasket: (row: CustomerFeaturesRow) => row.average_basket,
  daysSinceLastOrder: (row: CustomerFeaturesRow) => row.days_since_last_order,
  favouriteCategory: (row: CustomerFeaturesRow) => row.favourite_category,
  churnRisk: (row: CustomerFeaturesRow) => row.churn_risk,
  asOf: (row: CustomerFeaturesRow) => row.as_of,
  computedAt: (row: CustomerFeaturesRow) => row.computed_at,
}

export const ProductDemand = {
  product: (row: ProductDemandRow) => ({ __typename: 'Product', id: String(row.id) }),
  unitsPerWeek: (row: ProductDemandRow) => row.units_per_week,
  stockOnHand: (row: ProductDemandRow) => row.stock_on_hand,
  stockCoverDays: (row: ProductDemandRow) => row.stock_cover_days,
  asOf: (row: ProductDemandRow) => row.as_of,
  computedAt: (row: ProductDemandRow) => row.computed_at,
}

export const RefreshRun = {
  asOf: (run: RefreshRunRow) => run.as_of,
  startedAt: (run: RefreshRunRow) => run.started_at,
  finishedAt: (run: RefreshRunRow) => run.finished_at,
  durationMs: (run: RefreshRunRow) => run.duration_ms,
  readAs: (run: RefreshRunRow) => run.read_as,
}

export const Customer = {
  // Any customer id is a valid reference here: a customer without features has none (null).
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  features: ({ id }: { id: string }, _: unknown, { loaders }: Context) => loadById(loaders.featuresByCustomer, id),
}

export const Product = {
  // Any product id is a valid reference here: a product without demand figures has none (null).
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  demand: ({ id }: { id: string }, _: unknown, { loaders }: Context) => loadById(loaders.demandByProduct, id),
}
