import type { ColumnType, Generated, Selectable } from 'kysely'

export type ChurnRisk = 'LOW' | 'MEDIUM' | 'HIGH' | 'NONE'

/** A data product a run read, as stored in refresh_runs.inputs. */
export interface RunInput {
  readonly product: string
  readonly version: string
  readonly rowsRead: number
}

/** A data product a run wrote, as stored in refresh_runs.outputs. */
export interface RunOutput {
  readonly product: string
  readonly version: string
  readonly rowsWritten: number
}

type Json<T> = ColumnType<T, string, string>

export interface RefreshRunsTable {
  id: Generated<number>
  as_of: Date
  started_at: Date
  finished_at: Date
  duration_ms: number
  /** The subject the inputs were read as, through the gateway. */
  read_as: string
  purpose: string
  inputs: Json<RunInput[]>
  outputs: Json<RunOutput[]>
}

export interface CustomerFeaturesTable {
  /** The customer's id in the customers domain: one row per customer. */
  id: number
  order_count: number
  lifetime_value: number
  average_basket: number | null
  days_since_last_order: number | null
  last_order_at: Date | null
  favourite_category: string | null
  churn_risk: ChurnRisk
  as_of: Date
  computed_at: Date
  run_id: number
}

export interface ProductDemandTable {
  /** The product's id in the catalog domain: one row per product. */
  id: number
  units_per_week: number
  stock_on_hand: number
  stock_cover_days: number | null
  as_of: Date
  computed_at: Date
  run_id: number
}

export type RefreshRunRow = Selectable<RefreshRunsTable>
export type CustomerFeaturesRow = Selectable<CustomerFeaturesTable>
export type ProductDemandRow = Selectable<ProductDemandTable>
