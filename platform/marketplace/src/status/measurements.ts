// What the governance store has measured about the data products, each read for a whole
// batch in one statement: the gateway's latency per root field over the last hour, and who
// read the products' classified fields in the last 30 days. (Quality results are read with
// @datamesh/products' own store functions.)
import type { GovernanceDatabase } from '@datamesh/governance'
import { sql, type Kysely } from 'kysely'

export interface RootFieldLatency {
  readonly coordinate: string
  /** The worst p95 of the last hour's one-minute windows. */
  readonly p95Ms: number
  readonly samples: number
}

export interface ProductConsumer {
  readonly productId: string
  readonly subject: string | null
  readonly purposes: readonly string[]
  readonly requests: number
  readonly lastSeen: Date
}

export const LATENCY_WINDOW_MS = 3_600_000
export const CONSUMER_WINDOW_MS = 30 * 86_400_000

export async function recentLatency(db: Kysely<GovernanceDatabase>, coordinates: readonly string[], now = Date.now()): Promise<RootFieldLatency[]> {
  const rows = await db
    .selectFrom('root_field_latency')
    .select((eb) => ['coordinate', eb.fn.max('p95_ms').as('p95_ms'), eb.fn.sum<number>('samples').as('samples')])
    .where('coordinate', 'in', coordinates)
    .where('window_end', '>', new Date(now - LATENCY_WINDOW_MS))
    .groupBy('coordinate')
    .execute()
  return rows.map((row) => ({ coordinate: row.coordinate, p95Ms: Number(row.p95_ms), samples: Number(row.samples) }))
}

/** `types`: each product's output-port types; a read of any of their fields counts. */
export async function recentConsumers(
  db: Kysely<GovernanceDatabase>,
  types: ReadonlyMap<string, readonly string[]>,
  now = Date.now(),
): Promise<ProductConsumer[]> {
  const pairs = [...types].flatMap(([productId, typeNames]) => typeNames.map((typeName) => sql`(${productId}, ${typeName})`))
  if (pairs.length === 0) return []
  const { rows } = await sql<{ product_id: string; subject: string | null; purposes: string[] | null; requests: number; last_seen: Date }>`
    select m.product_id, e.subject,
      array_agg(distinct e.purpose) filter (where e.purpose is not null) as purposes,
      count(distinct e.id) as requests, max(e.occurred_at) as last_seen
    from audit_events e
    cross join lateral jsonb_array_elements(e.fields) f
    join (values ${sql.join(pairs)}) as m(product_id, type_name) on m.type_name = split_part(f->>'coordinate', '.', 1)
    where e.occurred_at > ${new Date(now - CONSUMER_WINDOW_MS)}
    group by m.product_id, e.subject
    order by max(e.occurred_at) desc`.execute(db)
  return rows.map((row) => ({
    productId: row.product_id,
    subject: row.subject,
    purposes: row.purposes ?? [],
    requests: Number(row.requests),
    lastSeen: row.last_seen,
  }))
}
