// The generated domain's data product descriptor: the owner from --owner, default SLAs,
// and quality rules inferred from the data (required columns present, a unique key,
// enums holding valid values, the product not empty).
import { stringify } from 'yaml'
import type { TablePlan } from '../infer/infer-table.js'
import { sentence } from '../infer/names.js'
import type { DomainPlan } from '../plan.js'
import { rootFields } from './schema-sdl.js'

export const DEFAULT_SLA = Object.freeze({ latency: { p95: '300ms' }, frequency: '1d', availability: '99.5%', retention: '1y' })

/** Rule ids are kebab-case: `payments-payer-email-present`. */
function ruleId(...parts: readonly string[]): string {
  return parts.join('-').replace(/_/g, '-')
}

function qualityRules(table: TablePlan): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [
    { id: ruleId(table.table, 'not', 'empty'), description: `The product holds ${table.table.replace(/_/g, ' ')}.`, metric: 'rowCount', table: table.table, mustBeGreaterThan: 0, severity: 'warning', dimension: 'completeness' },
  ]
  if (!table.key.generated) {
    rules.push({ id: ruleId(table.table, 'key', 'unique'), description: `Every row of ${table.table} has a ${table.key.column} of its own.`, metric: 'duplicateValues', table: table.table, column: table.key.column, mustBe: 0, severity: 'error', dimension: 'uniqueness' })
  }
  for (const column of table.columns) {
    if (column.key || column.generated) continue
    if (!column.nullable) {
      rules.push({ id: ruleId(table.table, column.column, 'present'), description: `Every row of ${table.table} has a ${column.column.replace(/_/g, ' ')}.`, metric: 'nullValues', table: table.table, column: column.column, mustBe: 0, severity: 'error', dimension: 'completeness' })
    }
    if (column.enum) {
      rules.push({ id: ruleId(table.table, column.column, 'valid'), description: `${sentence(column.column)} is one of the known values.`, metric: 'invalidValues', table: table.table, column: column.column, arguments: { validValues: Object.keys(column.enum.values) }, mustBe: 0, severity: 'error', dimension: 'conformity' })
    }
    if (column.classification?.kind === 'email') {
      rules.push({ id: ruleId(table.table, column.column, 'valid'), description: `${sentence(column.column)} looks like an email address.`, metric: 'invalidValues', table: table.table, column: column.column, arguments: { pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }, mustBe: 0, severity: 'error', dimension: 'conformity' })
    }
  }
  return rules
}

export function productId(plan: DomainPlan): string {
  return `${plan.name}.${plan.name}`
}

export function descriptor(plan: DomainPlan): string {
  const personal = plan.tables.flatMap((table) => table.columns.filter((column) => column.classification?.classification === 'pii').map((column) => column.column))
  const document = {
    id: productId(plan),
    name: sentence(plan.name),
    description: `${plan.description} Created by datamesh domain new from ${plan.tables.map((table) => table.file.split('/').pop()).join(', ')}; review and extend this description.`,
    domain: plan.name,
    owner: { team: plan.owner.name, contacts: [{ name: plan.owner.name, email: plan.owner.email, role: 'product owner' }] },
    version: '1.0.0',
    status: 'active',
    outputPort: {
      types: plan.tables.map((table) => table.type),
      rootFields: plan.tables.flatMap((table) => {
        const { connection, lookup } = rootFields(table)
        return [`Query.${connection}`, `Query.${lookup}`]
      }),
    },
    sla: DEFAULT_SLA,
    quality: plan.tables.flatMap(qualityRules),
    termsOfUse: {
      purposes: ['analytics', 'support'],
      description: personal.length
        ? `Personal data (${personal.join(', ')}) is masked unless the subject holds ${plan.name}:pii:read and declares support or fraud.`
        : 'No personal data was found; review the classification before publishing.',
    },
  }
  return `# The ${plan.name} domain's data product, written by datamesh domain new: review the owner,\n# the SLAs and the quality rules, then bump version with every change consumers see.\n${stringify(document, { lineWidth: 0 })}`
}
