// A table from a data file: a sample of its records (streamed: the first SAMPLE_ROWS,
// whatever the file's size) tells each column's type and nullability, the key, the
// low-cardinality columns that are enums, the columns that refer to another domain's
// entity (`customer_id` → Customer), and what the classifier finds personal or confidential.
import { readRecords, RecordError } from '@datamesh/kit'
import { basename, extname } from 'node:path'
import { columnType, type ColumnType, type ObservedValue } from './column-types.js'
import { camelCase, enumValueName, pascalCase, singular, snakeCase } from './names.js'

export const SAMPLE_ROWS = 10_000

/** What the classifier proposes for a column: a classification and the mask that fits it. */
export interface Classification {
  readonly classification: 'pii' | 'confidential'
  readonly mask: string
  readonly kind: string
  readonly confidence: number
  readonly evidence: readonly string[]
}

export type Classify = (column: { readonly name: string; readonly values: readonly unknown[]; readonly type?: string }) => Classification | undefined

export interface ColumnPlan {
  /** As the file's header (or JSON key) names it. */
  readonly source: string
  readonly column: string
  readonly field: string
  readonly type: ColumnType
  readonly nullable: boolean
  readonly key: boolean
  /** Made by the database (`id serial`) because no column of the file is a key. */
  readonly generated?: boolean
  /** The GraphQL enum and its values (stored value → enum value name). */
  readonly enum?: { readonly name: string; readonly values: Readonly<Record<string, string>> }
  /** The other domain's entity this column holds the id of. */
  readonly reference?: { readonly type: string; readonly field: string }
  readonly classification?: Classification
}

export interface TablePlan {
  readonly file: string
  readonly table: string
  /** The entity type: PascalCase singular of the table (`payments` → `Payment`). */
  readonly type: string
  readonly columns: readonly ColumnPlan[]
  readonly key: ColumnPlan
  /** Rows sampled (all of them when the file is smaller than the sample). */
  readonly sampled: number
}

export interface InferOptions {
  /** Entities of other domains keyed by `id`: type name (`Customer`) → owning domain. */
  readonly entities: ReadonlyMap<string, string>
  /** Confirmed or declared references, by column: `customer_id` → `Customer`, or `none` to refuse one. */
  readonly references?: Readonly<Record<string, string>>
  readonly classify?: Classify
  readonly sampleRows?: number
}

const ENUM_MAX_VALUES = 12
const ENUM_MIN_ROWS = 20
const ENUM_VALUE = /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/
/** The SQL type a column becomes, as the classifier reads types. */
const SQL_NAMES: Readonly<Record<ColumnType, string>> = { boolean: 'boolean', integer: 'integer', bigint: 'bigint', decimal: 'numeric', date: 'date', timestamp: 'timestamptz', text: 'text' }
const KEY_TYPES: ReadonlySet<ColumnType> = new Set(['integer', 'bigint', 'text'])

/** The table a file becomes: its name without extension, in snake_case. */
export function tableName(file: string): string {
  return snakeCase(basename(file, extname(file)))
}

async function sample(file: string, rows: number): Promise<{ headers: string[]; records: { line: number; values: Record<string, unknown> }[] }> {
  const headers: string[] = []
  const seen = new Set<string>()
  const records: { line: number; values: Record<string, unknown> }[] = []
  for await (const record of readRecords(file)) {
    for (const name of Object.keys(record.values)) {
      if (!seen.has(name)) {
        seen.add(name)
        headers.push(name)
      }
    }
    records.push({ line: record.line, values: record.values as Record<string, unknown> })
    if (records.length >= rows) break
  }
  return { headers, records }
}

function isEnum(type: ColumnType, values: readonly unknown[], distinct: ReadonlySet<string>): boolean {
  return (
    type === 'text' &&
    values.length >= ENUM_MIN_ROWS &&
    distinct.size <= ENUM_MAX_VALUES &&
    distinct.size * 4 <= values.length &&
    [...distinct].every((value) => ENUM_VALUE.test(value))
  )
}

export async function inferTable(file: string, options: InferOptions): Promise<TablePlan> {
  const table = tableName(file)
  if (!/^[a-z][a-z0-9_]*$/.test(table)) throw new RecordError(file, undefined, undefined, `"${table}" is not a table name: name the file after its table, such as payments.csv`)
  const type = pascalCase(singular(table))
  const { headers, records } = await sample(file, options.sampleRows ?? SAMPLE_ROWS)
  const columnsByName = new Map<string, string>()
  for (const source of headers) {
    const column = snakeCase(source)
    if (!/^[a-z][a-z0-9_]*$/.test(column)) throw new RecordError(file, 1, source, `"${source}" does not make a column name: start it with a letter`)
    const clash = columnsByName.get(column)
    if (clash !== undefined) throw new RecordError(file, 1, source, `"${source}" and "${clash}" both become the column ${column}`)
    columnsByName.set(column, source)
  }

  const declared = options.references ?? {}
  type Observed = ColumnPlan & { readonly values: unknown[]; readonly distinct: Set<string> }
  const columns: Observed[] = headers.map((source) => {
    const column = snakeCase(source)
    const observed: ObservedValue[] = records.flatMap(({ line, values }) => (values[source] === null || values[source] === undefined || values[source] === '' ? [] : [{ line, value: values[source] }]))
    const columnTypeOf = columnType(file, source, observed)
    const nullable = observed.length < records.length
    const values = observed.map(({ value }) => value)
    const distinct = new Set(values.map(String))
    return { source, column, field: camelCase(column), type: columnTypeOf, nullable, key: false, values, distinct }
  })

  // The key: `id`, else `<entity>_id`, else the first column; non-null and unique in the sample.
  const unique = (candidate: Observed) => !candidate.nullable && KEY_TYPES.has(candidate.type) && candidate.distinct.size === candidate.values.length
  const keyColumn = [columns.find((c) => c.column === 'id'), columns.find((c) => c.column === `${snakeCase(singular(table))}_id`), columns[0]].find(
    (candidate) => candidate !== undefined && unique(candidate),
  )

  const idColumn = columns.find((candidate) => candidate.column === 'id')
  if (keyColumn === undefined && idColumn !== undefined) {
    throw new RecordError(file, undefined, idColumn.source, 'cannot be the key: some sampled rows have none or share one, and no other column is unique')
  }

  const planned: ColumnPlan[] = columns.map((candidate) => {
    const { values, distinct, ...column } = candidate
    if (candidate === keyColumn) return { ...column, key: true }
    const named = declared[column.column]
    const prefix = column.column.endsWith('_id') ? pascalCase(column.column.slice(0, -3)) : undefined
    const referenced = named === 'none' ? undefined : (named ?? (prefix !== undefined && options.entities.has(prefix) ? prefix : undefined))
    if (referenced !== undefined) {
      if (!options.entities.has(referenced)) {
        throw new RecordError(file, undefined, column.source, `--references names ${referenced}, which no other domain publishes as an entity keyed by id (${[...options.entities.keys()].sort().join(', ')})`)
      }
      if (column.type !== 'integer' && column.type !== 'bigint' && column.type !== 'text') {
        throw new RecordError(file, undefined, column.source, `refers to ${referenced} but holds ${column.type} values, not ids`)
      }
      return { ...column, reference: { type: referenced, field: camelCase(column.column.replace(/_id$/, '')) } }
    }
    const classification = options.classify?.({ name: column.column, values, type: SQL_NAMES[column.type] })
    if (!classification && isEnum(column.type, values, distinct)) {
      const names = Object.fromEntries([...distinct].sort().map((value) => [value, enumValueName(value)]))
      if (new Set(Object.values(names)).size === distinct.size) return { ...column, enum: { name: `${type}${pascalCase(column.column)}`, values: names } }
    }
    return classification ? { ...column, classification } : column
  })
  for (const column of Object.keys(declared)) {
    if (!planned.some((candidate) => candidate.column === column)) throw new RecordError(file, undefined, column, `--references names a column the file does not have`)
  }
  const key = planned.find((column) => column.key) ?? { source: 'id', column: 'id', field: 'id', type: 'integer' as const, nullable: false, key: true, generated: true }
  return { file, table, type, columns: key.generated ? [key, ...planned] : planned, key, sampled: records.length }
}
