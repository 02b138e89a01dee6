// The filters a generated connection offers, one per column an analyst would narrow by:
// the referenced entity (`customerId`), an enum (`status`), a moment (`paidAfter`,
// `paidBefore`), a number (`minAmount`, `maxAmount`), a flag. Classified columns get none:
// filtering on personal data reveals it. Each filter's column gets an index.
import type { ColumnPlan, TablePlan } from '../infer/infer-table.js'
import { pascalCase } from '../infer/names.js'

export type FilterKind = 'equals-id' | 'equals' | 'at-least' | 'at-most' | 'before'

export interface FilterPlan {
  readonly argument: string
  readonly column: ColumnPlan
  readonly kind: FilterKind
  /** The GraphQL input type. */
  readonly type: string
  readonly description: string
}

function moment(column: ColumnPlan): string {
  return column.field.endsWith('At') ? column.field.slice(0, -2) : column.field
}

/** The GraphQL type of a column's value. */
export function graphqlType(column: ColumnPlan): string {
  if (column.key) return 'ID'
  if (column.enum) return column.enum.name
  switch (column.type) {
    case 'boolean':
      return 'Boolean'
    case 'integer':
      return 'Int'
    case 'bigint':
    case 'decimal':
      return 'Float'
    case 'date':
      return 'Date'
    case 'timestamp':
      return 'DateTime'
    default:
      return 'String'
  }
}

export function filtersOf(table: TablePlan): FilterPlan[] {
  const plural = table.table.replace(/_/g, ' ')
  const filters: FilterPlan[] = []
  for (const column of table.columns) {
    if (column.key || column.classification) continue
    const words = column.field.replace(/([A-Z])/g, ' $1').toLowerCase()
    if (column.reference) {
      filters.push({ argument: `${column.reference.field}Id`, column, kind: 'equals-id', type: 'ID', description: `Only ${plural} of this ${column.reference.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} (by id).` })
    } else if (column.enum || column.type === 'boolean') {
      filters.push({ argument: column.field, column, kind: 'equals', type: graphqlType(column), description: `Only ${plural} whose ${words} is this.` })
    } else if (column.type === 'date' || column.type === 'timestamp') {
      const unit = column.type === 'date' ? 'date' : 'instant'
      filters.push({ argument: `${moment(column)}After`, column, kind: 'at-least', type: graphqlType(column), description: `Only ${plural} whose ${words} is at or after this ${unit}.` })
      filters.push({ argument: `${moment(column)}Before`, column, kind: 'before', type: graphqlType(column), description: `Only ${plural} whose ${words} is before this ${unit}.` })
    } else if (column.type === 'integer' || column.type === 'bigint' || column.type === 'decimal') {
      filters.push({ argument: `min${pascalCase(column.column)}`, column, kind: 'at-least', type: graphqlType(column), description: `Only ${plural} whose ${words} is at least this.` })
      filters.push({ argument: `max${pascalCase(column.column)}`, column, kind: 'at-most', type: graphqlType(column), description: `Only ${plural} whose ${words} is at most this.` })
    }
  }
  return filters
}

/** The columns the filters narrow by: each gets an index (with the key, for keyset pages). */
export function indexedColumns(table: TablePlan): ColumnPlan[] {
  return [...new Set(filtersOf(table).filter((filter) => filter.column.type !== 'boolean').map((filter) => filter.column))]
}
