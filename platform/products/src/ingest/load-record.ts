// The loads of files into data products' tables, in the governance store (product_loads):
// written after a load commits, read by the catalog for a product's loads, its source
// files and the freshness of its data.
import type { GovernanceDatabase } from '@datamesh/governance'
import { sql, type Kysely } from 'kysely'
import type { LoadMode } from './load-table.js'

export interface ProductLoad {
  /** Null when the table belongs to no data product. */
  readonly productId: string | null
  readonly domain: string
  readonly table: string
  /** The file's name, without its directory. */
  readonly sourceFile: string
  readonly sha256: string
  readonly bytes: number
  readonly mode: LoadMode
  readonly rowsLoaded: number
  readonly rowsRejected: number
  readonly startedAt: Date
  readonly finishedAt: Date
}

export async function recordProductLoad(db: Kysely<GovernanceDatabase>, load: ProductLoad): Promise<void> {
  await db
    .insertInto('product_loads')
    .values({
      product_id: load.productId,
      domain: load.domain,
      table_name: load.table,
      source_file: load.sourceFile,
      source_sha256: load.sha256,
      source_bytes: load.bytes,
      mode: load.mode,
      rows_loaded: load.rowsLoaded,
      rows_rejected: load.rowsRejected,
      started_at: load.startedAt,
      finished_at: load.finishedAt,
    })
    .execute()
}

/** The newest `perProduct` loads of each product named, newest first: one statement. */
export async function recentProductLoads(db: Kysely<GovernanceDatabase>, productIds: readonly string[], perProduct = 10): Promise<ProductLoad[]> {
  if (productIds.length === 0) return []
  const { rows } = await sql<{
    product_id: string
    domain: string
    table_name: string
    source_file: string
    source_sha256: string
    source_bytes: string | number
    mode: LoadMode
    rows_loaded: string | number
    rows_rejected: string | number
    started_at: Date
    finished_at: Date
  }>`
    select * from (
      select l.*, row_number() over (partition by product_id order by finished_at desc, id desc) as rank
      from product_loads l where product_id in (${sql.join(productIds)})
    ) ranked
    where rank <= ${perProduct}
    order by product_id, finished_at desc, id desc`.execute(db)
  return rows.map((row) => ({
    productId: row.product_id,
    domain: row.domain,
    table: row.table_name,
    sourceFile: row.source_file,
    sha256: row.source_sha256,
    bytes: Number(row.source_bytes),
    mode: row.mode,
    rowsLoaded: Number(row.rows_loaded),
    rowsRejected: Number(row.rows_rejected),
    startedAt: new Date(row.started_at),
    finishedAt: new Date(row.finished_at),
  }))
}

export interface ProductSource {
  readonly productId: string
  readonly table: string
  readonly sourceFile: string
  /** At its latest load. */
  readonly sha256: string
  readonly lastLoadedAt: Date
}

/** The files each product named was loaded from, most recently loaded first: one statement. */
export async function productSources(db: Kysely<GovernanceDatabase>, productIds: readonly string[]): Promise<ProductSource[]> {
  if (productIds.length === 0) return []
  const { rows } = await sql<{ product_id: string; table_name: string; source_file: string; source_sha256: string; finished_at: Date }>`
    select * from (
      select distinct on (product_id, table_name, source_file) product_id, table_name, source_file, source_sha256, finished_at
      from product_loads where product_id in (${sql.join(productIds)})
      order by product_id, table_name, source_file, finished_at desc, id desc
    ) latest
    order by product_id, finished_at desc`.execute(db)
  return rows.map((row) => ({
    productId: row.product_id,
    table: row.table_name,
    sourceFile: row.source_file,
    sha256: row.source_sha256,
    lastLoadedAt: new Date(row.finished_at),
  }))
}
