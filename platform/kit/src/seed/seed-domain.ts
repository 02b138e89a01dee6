// Fills a domain's tables from the demo world in one transaction: the old rows stay in
// place until the new ones are all written, so a failed seed loses nothing.
import { sql, type Kysely } from 'kysely'
import type { DomainDefinition } from '../domain/define-domain.js'
import { insertRows, type InsertProgress } from './bulk-insert.js'
import { DemoWorld, type WorldOptions } from './demo-world.js'

export interface SeedReport {
  readonly domain: string
  readonly scale: number
  readonly seed: number
  readonly rows: Readonly<Record<string, number>>
  readonly milliseconds: number
}

export interface SeedState {
  readonly scale: number
  readonly seed: number
  readonly seededAt: Date
}

async function ensureSeedTable(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists datamesh_seed (
    id serial primary key,
    scale double precision not null,
    seed integer not null,
    rows jsonb not null,
    seeded_at timestamptz not null default now()
  )`.execute(db)
}

/** Seeds insert explicit ids; later inserts must not collide with them. */
async function advanceSequences(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql<{ seq: string | null }>`
      select pg_get_serial_sequence(${table}, a.attname) as seq from pg_attribute a
      where a.attrelid = ${table}::regclass and a.attname = 'id'`.execute(db)
    const sequence = rows[0]?.seq
    if (!sequence) continue
    await sql`select setval(${sequence}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db)
  }
}

export async function seedDomain(
  domain: DomainDefinition,
  db: Kysely<any>,
  options: WorldOptions,
  onProgress?: InsertProgress,
): Promise<SeedReport> {
  const started = performance.now()
  const world = new DemoWorld(options)
  const seed = domain.seed
  if (!seed) throw new Error(`${domain.name} has no demo data to seed`)
  const rows: Record<string, number> = {}
  await db.transaction().execute(async (trx) => {
    await ensureSeedTable(trx)
    if (seed.tables.length) {
      await sql`truncate ${sql.join(seed.tables.map((table) => sql.table(table)))} restart identity cascade`.execute(trx)
    }
    await seed.run(trx, {
      world,
      insert: async (table, generated, total) => {
        rows[table] = (rows[table] ?? 0) + (await insertRows(trx, table, generated, { ...(total === undefined ? {} : { total }), ...(onProgress ? { onProgress } : {}) }))
        return rows[table] as number
      },
    })
    await advanceSequences(trx, seed.tables)
    await sql`insert into datamesh_seed (scale, seed, rows) values (${world.scale}, ${world.seed}, ${JSON.stringify(rows)})`.execute(trx)
  })
  // Fresh statistics so the planner uses the indexes at once, not after autovacuum.
  await sql`analyze`.execute(db)
  return { domain: domain.name, scale: world.scale, seed: world.seed, rows, milliseconds: Math.round(performance.now() - started) }
}

/** The last seed of a domain's database, or undefined if it was never seeded. */
export async function seedState(db: Kysely<any>): Promise<SeedState | undefined> {
  await ensureSeedTable(db)
  const { rows } = await sql<{ scale: number; seed: number; seeded_at: Date }>`
    select scale, seed, seeded_at from datamesh_seed order by id desc limit 1`.execute(db)
  const last = rows[0]
  return last ? { scale: last.scale, seed: last.seed, seededAt: last.seeded_at } : undefined
}
