// Inserts many rows with one statement per chunk: each column travels as one array
// parameter and `unnest` turns the arrays back into rows. The statement is parsed once
// per chunk whatever the chunk's size, and rows are generated lazily, so millions of rows
// stay fast and small in memory on both engines.
import { sql, type Kysely, type RawBuilder } from 'kysely'

const CHUNK_ROWS = 20_000

export type Row = Readonly<Record<string, unknown>>
export type InsertProgress = (table: string, inserted: number, total: number | undefined) => void

async function columnTypes(db: Kysely<any>, table: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped`.execute(db)
  return new Map(rows.map((row) => [row.name, row.type]))
}

function chunkStatement(table: string, columns: readonly string[], types: Map<string, string>, chunk: readonly Row[]): RawBuilder<unknown> {
  const arrays = columns.map((column) => {
    const values = chunk.map((row) => row[column] ?? null)
    return sql`${values}::${sql.raw(types.get(column) as string)}[]`
  })
  const target = sql.join(columns.map((column) => sql.ref(column)))
  return sql`insert into ${sql.table(table)} (${target}) select * from unnest(${sql.join(arrays)})`
}

/**
 * Inserts `rows` (objects keyed by column name, all with the same keys) into `table`.
 * Returns how many it inserted; reports progress after every chunk.
 */
export async function insertRows(
  db: Kysely<any>,
  table: string,
  rows: Iterable<Row>,
  options: { total?: number; onProgress?: InsertProgress } = {},
): Promise<number> {
  let types: Map<string, string> | undefined
  let columns: string[] = []
  let chunk: Row[] = []
  let inserted = 0
  const flush = async () => {
    if (chunk.length === 0) return
    if (!types) {
      types = await columnTypes(db, table)
      columns = Object.keys(chunk[0] as Row)
      const unknown = columns.filter((column) => !types?.has(column))
      if (unknown.length) throw new Error(`table ${table} has no column ${unknown.join(', ')}`)
    }
    await chunkStatement(table, columns, types, chunk).execute(db)
    inserted += chunk.length
    chunk = []
    options.onProgress?.(table, inserted, options.total)
  }
  for (const row of rows) {
    chunk.push(row)
    if (chunk.length >= CHUNK_ROWS) await flush()
  }
  await flush()
  return inserted
}
