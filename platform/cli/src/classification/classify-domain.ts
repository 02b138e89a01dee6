// Classifies a domain's fields from samples of its own database: each field of its SDL is
// matched to a column (see `columnOf`), the column's sampled values go to the governance
// classifier, and the proposal is set beside what the SDL says today.
import { classifyColumn, type Finding } from '@datamesh/governance'
import type { DomainDefinition } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { sdlFields, type SdlField } from './sdl-fields.js'

/** `tagged`: the SDL already says so; `untagged`: no pii or confidential tag; `differs`: the other one, or another mask. */
export type FieldStatus = 'tagged' | 'untagged' | 'differs'

export interface FieldFinding {
  readonly domain: string
  /** `Type.field` */
  readonly field: string
  /** `table.column` the values came from, or null when the field has none (classified by name). */
  readonly column: string | null
  readonly finding: Finding
  readonly sdl: { readonly classification: string | null; readonly mask: string | null }
  readonly status: FieldStatus
}

export interface SampledTable {
  readonly name: string
  readonly columns: readonly { readonly name: string; readonly type: string }[]
  readonly rows: readonly Record<string, unknown>[]
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase())
}

/**
 * The mapping rule: a type's table is named after it in snake case, singular or plural
 * (Customer → customers, Address → addresses, OrderLine → order_lines, Category →
 * categories, CustomerFeatures → customer_features); a field's column is the one whose
 * camelCase is the field's name (birth_date → birthDate, line1 → line1).
 */
export function columnOf(field: Pick<SdlField, 'type' | 'field'>, tables: readonly SampledTable[]): { table: SampledTable; column: string } | undefined {
  const singular = snakeCase(field.type)
  const names = [singular, `${singular}s`, `${singular}es`, singular.replace(/y$/, 'ies')]
  const table = tables.find((candidate) => names.includes(candidate.name))
  const column = table?.columns.find((candidate) => camelCase(candidate.name) === field.field)
  return table && column ? { table, column: column.name } : undefined
}

function statusOf(finding: Finding, field: SdlField): FieldStatus {
  if (field.classification !== 'pii' && field.classification !== 'confidential') return 'untagged'
  if (field.classification !== finding.classification) return 'differs'
  return field.mask === null || field.mask === finding.mask ? 'tagged' : 'differs'
}

/** The domain's public tables, each with up to `limit` rows. */
export async function sampleTables(db: Kysely<any>, limit: number): Promise<SampledTable[]> {
  const columns = await db
    .selectFrom('information_schema.columns')
    .select(['table_name', 'column_name', 'data_type'])
    .where('table_schema', '=', 'public')
    // The kit's own bookkeeping (migrations, seed state) is no domain data.
    .where('table_name', 'not like', 'datamesh\\_%')
    .orderBy('table_name')
    .orderBy('ordinal_position')
    .execute()
  const tables = new Map<string, { name: string; type: string }[]>()
  for (const row of columns as { table_name: string; column_name: string; data_type: string }[]) {
    tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), { name: row.column_name, type: row.data_type }])
  }
  const sampled: SampledTable[] = []
  for (const [name, tableColumns] of tables) {
    const rows = await db.selectFrom(name).selectAll().limit(limit).execute()
    sampled.push({ name, columns: tableColumns, rows })
  }
  return sampled
}

/** One finding per classified-looking field of the domain, in SDL order. */
export function classifyDomain(domain: Pick<DomainDefinition, 'name' | 'typeDefs'>, tables: readonly SampledTable[]): FieldFinding[] {
  const findings: FieldFinding[] = []
  for (const field of sdlFields(domain.typeDefs)) {
    const source = columnOf(field, tables)
    const [finding] = source
      ? classifyColumn({
          name: source.column,
          values: source.table.rows.map((row) => row[source.column]),
          type: source.table.columns.find((column) => column.name === source.column)?.type ?? field.valueType,
        })
      : classifyColumn({ name: field.field, values: [], type: field.valueType })
    if (!finding) continue
    findings.push({
      domain: domain.name,
      field: `${field.type}.${field.field}`,
      column: source ? `${source.table.name}.${source.column}` : null,
      // Without a column, the name the classifier read is the field's.
      finding: source ? finding : { ...finding, evidence: finding.evidence.map((line) => line.replace(/^column name/, 'field name')) },
      sdl: { classification: field.classification, mask: field.mask },
      status: statusOf(finding, field),
    })
  }
  return findings
}
