// The generated domain's database code: one frozen migration creating its tables with the
// indexes their filters use, and the kysely table types (`PaymentsTable`, `PaymentRow`).
import type { ColumnType } from '../infer/column-types.js'
import type { ColumnPlan, TablePlan } from '../infer/infer-table.js'
import { pascalCase } from '../infer/names.js'
import type { DomainPlan } from '../plan.js'
import { indexedColumns } from './filters.js'

const SQL_TYPES: Readonly<Record<ColumnType, string>> = {
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  decimal: 'numeric',
  date: 'date',
  timestamp: 'timestamptz',
  text: 'text',
}

const TS_TYPES: Readonly<Record<ColumnType, string>> = {
  boolean: 'boolean',
  integer: 'number',
  bigint: 'number',
  decimal: 'number',
  date: 'string',
  timestamp: 'Date',
  text: 'string',
}

export function migrationName(plan: DomainPlan): string {
  return `0001_create_${plan.name}`
}

function columnLine(column: ColumnPlan): string {
  if (column.generated) return `    .addColumn('${column.column}', 'serial', (col) => col.primaryKey())`
  const constraints: string[] = []
  if (column.key) constraints.push('primaryKey()')
  else if (!column.nullable) constraints.push('notNull()')
  if (column.enum) {
    const values = Object.keys(column.enum.values).map((value) => `'${value.replace(/'/g, "''")}'`)
    constraints.push(`check(sql\`${column.column} in (${values.join(', ')})\`)`)
  }
  return `    .addColumn('${column.column}', '${SQL_TYPES[column.type]}'${constraints.length ? `, (col) => col.${constraints.join('.')}` : ''})`
}

export function migration(plan: DomainPlan): string {
  const usesSql = plan.tables.some((table) => table.columns.some((column) => column.enum))
  const creates = plan.tables.map((table) => {
    const indexes = indexedColumns(table).map(
      (column) => `  await db.schema.createIndex('${table.table}_${column.column}_idx').on('${table.table}').columns(['${column.column}', '${table.key.column}']).execute()`,
    )
    return [`  await db.schema\n    .createTable('${table.table}')\n${table.columns.map(columnLine).join('\n')}\n    .execute()`, ...indexes].join('\n')
  })
  return `// The ${plan.name} domain's tables, as \`datamesh domain new\` inferred them from ${plan.tables.map((table) => table.file.split('/').pop()).join(', ')}.
// Frozen: never edit a migration that has shipped; change the tables with a new one.
import { ${usesSql ? 'sql, ' : ''}type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
${creates.join('\n\n')}
}

export async function down(db: Kysely<any>): Promise<void> {
${[...plan.tables].reverse().map((table) => `  await db.schema.dropTable('${table.table}').execute()`).join('\n')}
}
`
}

function tsType(column: ColumnPlan): string {
  if (column.generated) return 'Generated<number>'
  const base = column.enum ? `${column.enum.name}` : TS_TYPES[column.type]
  return column.nullable ? `${base} | null` : base
}

/** `payments` → `PaymentsTable`. */
export function tableInterface(table: TablePlan): string {
  return `${pascalCase(table.table)}Table`
}

export function tableTypes(plan: DomainPlan): string {
  const imports = plan.tables.some((table) => table.columns.some((column) => column.generated)) ? 'Generated, Selectable' : 'Selectable'
  const blocks = plan.tables.map((table) => {
    const enumTypes = table.columns.flatMap((column) =>
      column.enum ? [`export type ${column.enum.name} = ${Object.keys(column.enum.values).map((value) => `'${value}'`).join(' | ')}`] : [],
    )
    return [
      ...enumTypes,
      `export interface ${tableInterface(table)} {\n${table.columns.map((column) => `  ${column.column}: ${tsType(column)}`).join('\n')}\n}`,
      `export type ${table.type}Row = Selectable<${tableInterface(table)}>`,
    ].join('\n\n')
  })
  return `// The ${plan.name} domain's database, as kysely sees it.
import type { ${imports} } from 'kysely'

${blocks.join('\n\n')}

export interface Database {
${plan.tables.map((table) => `  ${table.table}: ${tableInterface(table)}`).join('\n')}
}
`
}
