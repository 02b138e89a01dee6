// The analytics domain's database, as kysely sees it.
import type { CustomerFeaturesTable, ProductDemandTable, RefreshRunsTable } from './analytics-tables.js'

export interface Database {
  refresh_runs: RefreshRunsTable
  customer_features: CustomerFeaturesTable
  product_demand: ProductDemandTable
}

export type {
  ChurnRisk,
  CustomerFeaturesRow,
  CustomerFeaturesTable,
  ProductDemandRow,
  ProductDemandTable,
  RefreshRunRow,
  RefreshRunsTable,
  RunInput,
  RunOutput,
} from './analytics-tables.js'
