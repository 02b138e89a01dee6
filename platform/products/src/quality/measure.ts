// Measuring one quality rule with one aggregate statement in the domain's own database:
// the statement scans the table once whatever its size, and its result is one row.
// Table and column names come from descriptors; they are checked against the database's
// catalog first and then only ever reach SQL as quoted identifiers (sql.table, sql.ref).
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { QualityRule } from '../descriptor/data-product.js'
import { RuleError } from './expectation.js'

/** table → column → data type (information_schema's `data_type`). */
export type TableCatalog = ReadonlyMap<string, ReadonlyMap<string, string>>

export type QualityUnit = 'rows' | 'percent' | 'seconds'

export interface Measurement {
  readonly value: number
  readonly unit: QualityUnit
}

const NUMBER_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'])
const TIME_TYPES = new Set(['date', 'timestamp with time zone', 'timestamp without time zone'])
/** Metrics that count rows and may report them as a percentage of the table's rows. */
const COUNTING = new Set(['nullValues', 'missingValues', 'duplicateValues', 'invalidValues'])

/** The columns of the named tables in the database's current schema, in one statement. */
export async function readTableCatalog(db: Kysely<any>, tables: readonly string[]): Promise<TableCatalog> {
  const catalog = new Map<string, Map<string, string>>()
  if (tables.length === 0) return catalog
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name in (${sql.join([...new Set(tables)])})`.execute(db)
  for (const row of rows) {
    let columns = catalog.get(row.table_name)
    if (!columns) catalog.set(row.table_name, (columns = new Map()))
    columns.set(row.column_name, row.data_type)
  }
  return catalog
}

function toNumber(value: unknown, what: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  if (!Number.isFinite(number)) throw new RuleError(`${what} returned ${value === null ? 'null' : JSON.stringify(value)}, not a number`)
  return number
}

/** Checks what a library-metric rule names against the catalog; returns the column's type. */
function checkTarget(rule: QualityRule, catalog: TableCatalog, domain: string): string | undefined {
  const metric = rule.metric as string
  if (rule.query !== undefined) throw new RuleError(`a rule has either a metric or a query, not both`)
  if (!rule.table) throw new RuleError(`${metric} needs a table`)
  if (metric === 'rowCount' && rule.column !== undefined) throw new RuleError(`rowCount counts a table's rows and takes no column`)
  if (metric !== 'rowCount' && !rule.column) throw new RuleError(`${metric} needs a column`)
  if (rule.arguments !== undefined && metric !== 'invalidValues') throw new RuleError(`arguments apply to invalidValues rules only, not to ${metric}`)
  if (rule.unit === 'percent' && !COUNTING.has(metric)) throw new RuleError(`${metric} cannot be measured in percent`)
  if (metric === 'freshness' && rule.unit !== undefined) throw new RuleError(`freshness is measured in seconds; it takes no unit`)
  const columns = catalog.get(rule.table)
  if (!columns) throw new RuleError(`table ${rule.table} does not exist in the ${domain} database`)
  if (!rule.column) return undefined
  const type = columns.get(rule.column)
  if (!type) throw new RuleError(`table ${rule.table} has no column ${rule.column}`)
  return type
}

function invalidCondition(rule: QualityRule, column: RawBuilder<unknown>, type: string): RawBuilder<unknown> {
  const args = rule.arguments ?? {}
  const conditions: RawBuilder<unknown>[] = []
  if (args.validValues !== undefined) {
    if (args.validValues.length === 0) throw new RuleError('arguments.validValues is empty: no value could be valid')
    conditions.push(sql`${column} not in (${sql.join([...args.validValues])})`)
  }
  if (args.pattern !== undefined) conditions.push(sql`${column}::text !~ ${args.pattern}`)
  for (const [bound, operator] of [['minimum', sql`<`], ['maximum', sql`>`]] as const) {
    const value = args[bound]
    if (value === undefined) continue
    if (!NUMBER_TYPES.has(type)) throw new RuleError(`arguments.${bound} needs a number column, but ${rule.table}.${rule.column} is ${type}`)
    conditions.push(sql`${column} ${operator} cast(${value} as numeric)`)
  }
  if (conditions.length === 0) throw new RuleError('invalidValues needs arguments: validValues, pattern, minimum or maximum')
  return sql.join(conditions, sql` or `)
}

/**
 * Measures a library-metric rule: rows (or percent of the table's rows) for the counting
 * metrics, rows for rowCount, and for freshness the age in seconds of the column's newest
 * value as of `now` (the database's clock when absent).
 */
export async function measureMetric(db: Kysely<any>, rule: QualityRule, catalog: TableCatalog, domain: string, now?: Date): Promise<Measurement> {
  const type = checkTarget(rule, catalog, domain)
  const table = sql.table(rule.table as string)
  const column = sql.ref(rule.column ?? '')
  const asPercent = rule.unit === 'percent'
  let failing: RawBuilder<unknown>
  switch (rule.metric) {
    case 'rowCount': {
      const { rows } = await sql<{ total: unknown }>`select count(*) as total from ${table}`.execute(db)
      return { value: toNumber(rows[0]?.total, 'count(*)'), unit: 'rows' }
    }
    case 'freshness': {
      if (!TIME_TYPES.has(type as string)) throw new RuleError(`freshness needs a date or timestamp column, but ${rule.table}.${rule.column} is ${type}`)
      const moment = now ? sql`cast(${now.toISOString()} as timestamptz)` : sql`now()`
      const { rows } = await sql<{ age: unknown }>`
        select extract(epoch from (${moment} - max(${column})::timestamptz)) as age from ${table}`.execute(db)
      const age = rows[0]?.age
      if (age === null || age === undefined) throw new RuleError(`table ${rule.table} has no ${rule.column}: nothing to judge freshness by`)
      return { value: toNumber(age, 'the freshness query'), unit: 'seconds' }
    }
    case 'nullValues':
      failing = sql`count(*) - count(${column})`
      break
    case 'missingValues':
      failing = sql`count(*) filter (where ${column} is null or ${column}::text = '')`
      break
    case 'duplicateValues':
      failing = sql`count(${column}) - count(distinct ${column})`
      break
    case 'invalidValues':
      failing = sql`count(*) filter (where ${column} is not null and (${invalidCondition(rule, column, type as string)}))`
      break
    default:
      throw new RuleError(`unknown metric ${String(rule.metric)}`)
  }
  const { rows } = await sql<{ failing: unknown; total: unknown }>`select ${failing} as failing, count(*) as total from ${table}`.execute(db)
  const count = toNumber(rows[0]?.failing, rule.metric)
  if (!asPercent) return { value: count, unit: 'rows' }
  const total = toNumber(rows[0]?.total, 'count(*)')
  return { value: total === 0 ? 0 : (100 * count) / total, unit: 'percent' }
}

/**
 * Runs a `sql` rule's query as written, in a read-only transaction, and reads the one
 * number it must return.
 */
export async function measureQuery(db: Kysely<any>, rule: QualityRule): Promise<Measurement> {
  if (rule.metric !== undefined) throw new RuleError('a rule has either a metric or a query, not both')
  const query = (rule.query as string).trim().replace(/;$/, '')
  // One statement: with several, a `commit;` could end the read-only transaction early.
  if (query.includes(';')) throw new RuleError('the query must be one statement, without ";" inside it')
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`set transaction read only`.execute(trx)
    return sql.raw<Record<string, unknown>>(query).execute(trx)
  })
  if (rows.length !== 1) throw new RuleError(`the query must return one row with one number; it returned ${rows.length} rows`)
  const values = Object.values(rows[0] as Record<string, unknown>)
  if (values.length !== 1) throw new RuleError(`the query must return one number; it returned ${values.length} columns`)
  return { value: toNumber(values[0], 'the query'), unit: rule.unit === 'percent' ? 'percent' : 'rows' }
}
