// What a row of a domain table must be, read from the database catalog: each column's type,
// whether it is required, the values its CHECK constraints allow (`segment in (...)`,
// `quantity >= 0`), the table's keys and foreign keys, plus the row-level quality rules of
// the data product the table belongs to (row-rules.ts). Validation and the loader read it;
// the database stays the authority for anything not understood here.
import type { DataProduct } from '../descriptor/data-product.js'
import type { LoadSession } from './load-session.js'
import { rowRulesOf, type RowRule } from './row-rules.js'

export interface ColumnContract {
  readonly name: string
  /** As Postgres writes it: `integer`, `character(2)`, `numeric(12,2)`. */
  readonly type: string
  /** The type's base name: `int4`, `bpchar`, `numeric`, `timestamptz`. */
  readonly base: string
  readonly notNull: boolean
  /** A default, a serial sequence, an identity or a generated expression fills it when absent. */
  readonly hasDefault: boolean
  /** Computed by the database: never loaded from a file. */
  readonly generated: boolean
  /** The sequence behind a serial or identity column, to move past loaded ids. */
  readonly sequence: string | null
  /** `varchar(n)`, `char(n)`. */
  readonly maxLength: number | null
  /** `numeric(p, s)`. */
  readonly precision: { readonly digits: number; readonly scale: number } | null
  /** From `CHECK (col in (...))`. */
  readonly allowed: readonly string[] | null
  /** From `CHECK (col >= n)` and its kin. */
  readonly bounds: readonly { readonly operator: '>' | '>=' | '<' | '<='; readonly limit: number }[]
  readonly rules: readonly RowRule[]
}

export interface ForeignKey {
  readonly name: string
  readonly columns: readonly string[]
  readonly references: string
  readonly referencedColumns: readonly string[]
}

export interface TableContract {
  readonly table: string
  readonly product: DataProduct | null
  readonly columns: readonly ColumnContract[]
  readonly primaryKey: readonly string[] | null
  /** Every unique key, the primary key first when there is one. */
  readonly uniqueKeys: readonly (readonly string[])[]
  readonly foreignKeys: readonly ForeignKey[]
  /** Other tables whose foreign keys point at this one. */
  readonly referencedBy: readonly { readonly table: string; readonly constraint: string }[]
}

export class TableError extends Error {}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/

export async function domainTables(session: LoadSession): Promise<string[]> {
  const { rows } = await session.query<{ name: string }>(
    `select tablename::text as name from pg_tables where schemaname = 'public' and tablename not like 'datamesh\\_%' order by tablename`,
  )
  return rows.map((row) => row.name)
}

interface ColumnRow {
  name: string
  type: string
  base: string
  typmod: number
  not_null: boolean
  has_default: boolean
  generated: boolean
  sequence: string | null
}

interface ConstraintRow {
  name: string
  kind: 'c' | 'f'
  definition: string
  columns: string[]
  referenced: string | null
  referenced_columns: string[] | null
}

const ENUM_CHECK = /^CHECK \(+"?(\w+)"?\)?(?:::[\w ]+)? = ANY \(+ARRAY\[(.*)\]\)?(?:::[\w ]+\[\])?\)+$/
const BOUND_CHECK = /^CHECK \(+"?(\w+)"?\)? (>=|>|<=|<) \(?(-?\d+(?:\.\d+)?)\)?(?:::[\w ]+)?\)+$/

function enumOf(definition: string): { column: string; values: string[] } | undefined {
  const match = ENUM_CHECK.exec(definition)
  if (!match) return undefined
  const values = [...(match[2] as string).matchAll(/'((?:[^']|'')*)'/g)].map((value) => (value[1] as string).replaceAll("''", "'"))
  return { column: match[1] as string, values }
}

function boundOf(definition: string): { column: string; operator: ColumnContract['bounds'][number]['operator']; limit: number } | undefined {
  const match = BOUND_CHECK.exec(definition)
  if (!match) return undefined
  return { column: match[1] as string, operator: match[2] as '>', limit: Number(match[3]) }
}

/** The contract of `table` in the session's database; `product`: the data product it belongs to. */
export async function readTableContract(session: LoadSession, table: string, product: DataProduct | null): Promise<TableContract> {
  const tables = await domainTables(session)
  if (!TABLE_NAME.test(table) || !tables.includes(table)) {
    throw new TableError(`no table "${table}"; the tables are ${tables.join(', ') || 'none (migrate the domain first)'}`)
  }
  const { rows: columnRows } = await session.query<ColumnRow>(
    `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type, t.typname::text as base, a.atttypmod as typmod,
       a.attnotnull as not_null, (a.atthasdef or a.attidentity <> '' or a.attgenerated <> '') as has_default,
       a.attgenerated <> '' as generated, pg_get_serial_sequence($1, a.attname) as sequence
     from pg_attribute a join pg_type t on t.oid = a.atttypid
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [table],
  )
  const { rows: keyRows } = await session.query<{ primary: boolean; columns: string[] }>(
    `select i.indisprimary as primary,
       array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(n, o)
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.o)::text[] as columns
     from pg_index i
     where i.indrelid = $1::regclass and i.indisunique and i.indpred is null and i.indexprs is null
     order by i.indisprimary desc, i.indexrelid`,
    [table],
  )
  const { rows: constraintRows } = await session.query<ConstraintRow>(
    `select c.conname::text as name, c.contype::text as kind, pg_get_constraintdef(c.oid) as definition,
       array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
       case when c.contype = 'f' then c.confrelid::regclass::text end as referenced,
       case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)::text[] end as referenced_columns
     from pg_constraint c
     where c.conrelid = $1::regclass and c.contype in ('c', 'f')
     order by c.conname`,
    [table],
  )
  const { rows: referencing } = await session.query<{ table: string; constraint: string }>(
    `select c.conrelid::regclass::text as table, c.conname::text as constraint
     from pg_constraint c where c.contype = 'f' and c.confrelid = $1::regclass and c.conrelid <> c.confrelid
     order by 1, 2`,
    [table],
  )

  const checks = constraintRows.filter((row) => row.kind === 'c')
  const rules = product ? rowRulesOf(product, table) : []
  const columns = columnRows.map((row): ColumnContract => {
    const modifier = row.typmod - 4
    const allowed = checks.map((check) => enumOf(check.definition)).find((found) => found?.column === row.name)?.values ?? null
    return {
      name: row.name,
      type: row.type,
      base: row.base,
      notNull: row.not_null,
      hasDefault: row.has_default,
      generated: row.generated,
      sequence: row.sequence,
      maxLength: (row.base === 'bpchar' || row.base === 'varchar') && row.typmod > 0 ? modifier : null,
      precision: row.base === 'numeric' && row.typmod > 0 ? { digits: (modifier >> 16) & 0xffff, scale: modifier & 0xffff } : null,
      allowed,
      bounds: checks.flatMap((check) => {
        const bound = boundOf(check.definition)
        return bound?.column === row.name ? [{ operator: bound.operator, limit: bound.limit }] : []
      }),
      rules: rules.filter((rule) => rule.column === row.name),
    }
  })
  const primary = keyRows.find((row) => row.primary)
  return {
    table,
    product,
    columns,
    primaryKey: primary ? primary.columns : null,
    uniqueKeys: keyRows.map((row) => row.columns),
    foreignKeys: constraintRows
      .filter((row) => row.kind === 'f' && row.referenced !== table)
      .map((row) => ({ name: row.name, columns: row.columns, references: row.referenced as string, referencedColumns: row.referenced_columns ?? [] })),
    referencedBy: referencing,
  }
}
