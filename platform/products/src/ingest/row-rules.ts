// The quality rules of a data product that judge one row at a time, so a load can refuse the
// row that breaks them instead of letting `datamesh quality` find it afterwards: a
// `nullValues` or `missingValues` rule that must be 0 makes its column required, and an
// `invalidValues` rule that must be 0 checks each value against its valid values, pattern
// or range. Only rules of severity error refuse rows: a warning is a finding, not a reason
// to lose data. Aggregate rules (duplicates, percentages, row counts, freshness, SQL) stay
// for `datamesh quality`.
import type { DataProduct, QualityRule } from '../descriptor/data-product.js'

export interface RowRule {
  readonly id: string
  readonly column: string
  readonly required: boolean
  readonly validValues?: ReadonlySet<string>
  readonly pattern?: RegExp
  readonly minimum?: number
  readonly maximum?: number
}

function isRowLevel(rule: QualityRule): boolean {
  return rule.severity === 'error' && rule.mustBe === 0 && (rule.unit ?? 'rows') === 'rows' && rule.column !== undefined
}

export function rowRulesOf(product: DataProduct, table: string): RowRule[] {
  return product.quality
    .filter((rule) => rule.table === table && isRowLevel(rule))
    .flatMap((rule): RowRule[] => {
      const column = rule.column as string
      if (rule.metric === 'nullValues' || rule.metric === 'missingValues') return [{ id: rule.id, column, required: true }]
      if (rule.metric !== 'invalidValues' || !rule.arguments) return []
      const { validValues, pattern, minimum, maximum } = rule.arguments
      return [
        {
          id: rule.id,
          column,
          required: false,
          ...(validValues ? { validValues: new Set(validValues.map(String)) } : {}),
          ...(pattern ? { pattern: new RegExp(pattern, 'u') } : {}),
          ...(minimum !== undefined ? { minimum } : {}),
          ...(maximum !== undefined ? { maximum } : {}),
        },
      ]
    })
}
