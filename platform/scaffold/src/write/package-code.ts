// The generated domain package's code: its manifest, its definition (tables declared as
// entities the kit resolves: no resolver or loader of its own), its policies and its tests.
// Everything here is what is specific to the domain; the rest is the kit's.
import type { TablePlan } from '../infer/infer-table.js'
import { camelCase } from '../infer/names.js'
import type { DomainPlan } from '../plan.js'
import { migrationName } from './database-code.js'
import { filtersOf, type FilterPlan } from './filters.js'
import { rootFields } from './schema-sdl.js'

const DEPENDENCY_VERSION = '0.1.0'

export function packageJson(plan: DomainPlan, versions: { readonly kysely: string; readonly vitest?: string }): string {
  return `${JSON.stringify(
    {
      name: `@datamesh/${plan.name}`,
      version: DEPENDENCY_VERSION,
      private: true,
      description: plan.description,
      type: 'module',
      datamesh: { domain: plan.name },
      exports: { '.': './src/index.ts' },
      scripts: { build: 'tsc -p tsconfig.json', lint: 'eslint .', test: 'vitest run --config ../../vitest.config.ts --dir .' },
      dependencies: { '@datamesh/governance': DEPENDENCY_VERSION, '@datamesh/kit': DEPENDENCY_VERSION, kysely: versions.kysely },
    },
    null,
    2,
  )}\n`
}

export const TSCONFIG = `{
  "extends": "../../tsconfig.json",
  "include": ["src", "test", "migrations", "*.ts"]
}
`

function filterCode(filter: FilterPlan): string {
  const column = `'${filter.column.column}'`
  switch (filter.kind) {
    case 'equals-id':
      return filter.column.type === 'text' ? `equals(${column})` : `equals(${column}, { id: true })`
    case 'equals':
      return `equals(${column})`
    case 'at-least':
      return `atLeast(${column})`
    case 'at-most':
      return `atMost(${column})`
    case 'before':
      return `before(${column})`
  }
}

function entityCode(table: TablePlan): string {
  const { connection, lookup } = rootFields(table)
  const filters = filtersOf(table)
  const ranges = filters.filter((filter) => filter.kind === 'at-least' && filters.some((other) => other.kind === 'before' && other.column === filter.column))
  const lines = [`    type: '${table.type}',`, `    table: '${table.table}',`]
  if (table.key.column !== 'id') lines.push(`    key: '${table.key.column}',`)
  if (table.key.type === 'text') lines.push(`    keyKind: 'text',`)
  lines.push(`    lookup: '${lookup}',`)
  const connectionLines = [`      field: '${connection}',`]
  if (filters.length) connectionLines.push(`      filters: {\n${filters.map((filter) => `        ${filter.argument}: ${filterCode(filter)},`).join('\n')}\n      },`)
  if (ranges.length) {
    connectionLines.push(`      ranges: [${ranges.map((filter) => `['${filter.argument}', '${filter.argument.replace(/After$/, 'Before')}']`).join(', ')}],`)
  }
  lines.push(`    connection: {\n${connectionLines.join('\n')}\n    },`)
  const references = table.columns.filter((column) => column.reference)
  if (references.length) {
    lines.push(`    references: {\n${references.map((column) => `      ${column.reference!.field}: { type: '${column.reference!.type}', column: '${column.column}' },`).join('\n')}\n    },`)
  }
  return `  {\n${lines.join('\n')}\n  },`
}

export function entitiesCode(plan: DomainPlan): string {
  const used = new Set(plan.tables.flatMap((table) => filtersOf(table).map((filter) => filterCode(filter).split('(')[0]!)))
  const enumColumns = plan.tables.flatMap((table) => table.columns.filter((column) => column.enum))
  const enums = enumColumns.length
    ? `

/** Each enum's values as GraphQL names them, to the values the table stores. */
export const enums: ResolverMap = {
${enumColumns.map((column) => `  ${column.enum!.name}: { ${Object.entries(column.enum!.values).map(([stored, name]) => `${name}: '${stored}'`).join(', ')} },`).join('\n')}
}`
    : ''
  return `// The ${plan.name} tables published as entities the kit resolves: each table's connection
// with the filters the schema declares, its lookup by key, its resolution for other
// domains and its references to their entities. Written by \`datamesh domain new\`.
import { ${used.size ? 'tableFilters, ' : ''}type ${enums ? 'ResolverMap, type ' : ''}TableEntity } from '@datamesh/kit'
${used.size ? `\nconst { ${[...used].sort().join(', ')} } = tableFilters\n` : ''}
export const entities: readonly TableEntity[] = [
${plan.tables.map(entityCode).join('\n')}
]${enums}
`
}

export function indexCode(plan: DomainPlan): string {
  const migration = migrationName(plan)
  const binding = camelCase(`create_${plan.name}`)
  const hasEnums = plan.tables.some((table) => table.columns.some((column) => column.enum))
  return `// @datamesh/${plan.name}: the ${plan.name} domain as an Apollo Federation 2 subgraph, created by
// \`datamesh domain new\`. Its tables are declared as entities (src/entities.ts) that the kit
// resolves; add row rules (rowRules) where some subjects may read only some rows.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as ${binding} from '../migrations/${migration}.js'
import { policies } from '../policies.js'
import { entities${hasEnums ? ', enums' : ''} } from './entities.js'
import type { Database } from './tables/database.js'

export const ${camelCase(plan.name)} = defineDomain<Database>({
  name: '${plan.name}',
  description: ${JSON.stringify(plan.description)},
  port: ${plan.port},
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '${migration}': ${binding} },
  policies,
  entities,${hasEnums ? '\n  resolvers: enums,' : ''}
})

export default ${camelCase(plan.name)}
export type { Database } from './tables/database.js'
export { policies }
`
}

export function policiesCode(plan: DomainPlan): string {
  return `// The ${plan.name} domain's own policies, named by \`@policy\` in its schema. None yet: the
// global policies (governance/policies) apply to every field, so personal data is masked
// unless the subject holds ${plan.name}:pii:read and declares the purpose support or fraud.
// A domain policy can only add restrictions.
import type { Policy } from '@datamesh/governance'

export const policies: readonly Policy[] = []
`
}

/** Made-up rows for the generated tests, shaped by the inferred columns (never the file's data). */
export function exampleRows(table: TablePlan, count = 3): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1
    const row: Record<string, unknown> = {}
    for (const column of table.columns) {
      if (column.generated) continue
      if (column.enum) row[column.column] = Object.keys(column.enum.values)[index % Object.keys(column.enum.values).length]
      else if (column.key) row[column.column] = column.type === 'text' ? `K-${String(n).padStart(4, '0')}` : n
      else if (column.reference) row[column.column] = column.type === 'text' ? `R-${n}` : n
      else if (column.type === 'boolean') row[column.column] = index % 2 === 0
      else if (column.type === 'integer' || column.type === 'bigint') row[column.column] = n * 10
      else if (column.type === 'decimal') row[column.column] = n * 10.5
      else if (column.type === 'date') row[column.column] = `2026-01-0${n}`
      else if (column.type === 'timestamp') row[column.column] = `2026-01-0${n}T10:00:00.000Z`
      else row[column.column] = column.classification?.kind === 'email' ? `person${n}@example.com` : `example ${column.column.replace(/_/g, ' ')} ${n}`
    }
    return row
  })
}

export function testCode(plan: DomainPlan): string {
  const table = plan.tables[0]!
  const { connection, lookup } = rootFields(table)
  const keyField = table.key.field
  const rows = Object.fromEntries(plan.tables.map((each) => [each.table, exampleRows(each)]))
  const keys = rows[table.table]!.map((row, index) => (table.key.generated ? String(index + 1) : String(row[table.key.column])))
  const sorted = [...keys].sort((a, b) => (table.key.type === 'text' ? a.localeCompare(b) : Number(a) - Number(b)))
  return `// The ${plan.name} subgraph over a real database: its connection, its lookup and its
// resolution for other domains. Written by \`datamesh domain new\`; extend it as the domain grows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSubgraph, type TestSubgraph } from '@datamesh/kit/testing'
import ${camelCase(plan.name)} from '../src/index.js'

/** Made-up rows shaped like the tables (no data from the source files). */
const ROWS: Record<string, Record<string, unknown>[]> = ${JSON.stringify(rows, null, 2).replace(/\n/g, '\n')}

let subgraph: TestSubgraph

beforeAll(async () => {
  subgraph = await startTestSubgraph(${camelCase(plan.name)})
  for (const [table, rows] of Object.entries(ROWS)) await subgraph.database.db.insertInto(table).values(rows).execute()
})
afterAll(() => subgraph?.stop())

describe('${plan.name} subgraph', () => {
  it('pages through ${table.table} in ${table.key.column} order with cursors', async () => {
    const first = await subgraph.query('{ ${connection}(first: 2) { totalCount edges { node { ${keyField} } } pageInfo { hasNextPage endCursor } } }')
    expect(first.errors).toBeUndefined()
    expect(first.data.${connection}.totalCount).toBe(${keys.length})
    expect(first.data.${connection}.edges.map((edge: any) => edge.node.${keyField})).toEqual(${JSON.stringify(sorted.slice(0, 2))})
    expect(first.data.${connection}.pageInfo.hasNextPage).toBe(true)
    const next = await subgraph.query('query($after: String) { ${connection}(first: 2, after: $after) { edges { node { ${keyField} } } pageInfo { hasNextPage } } }', {
      after: first.data.${connection}.pageInfo.endCursor,
    })
    expect(next.data.${connection}.edges.map((edge: any) => edge.node.${keyField})).toEqual(${JSON.stringify(sorted.slice(2))})
    expect(next.data.${connection}.pageInfo.hasNextPage).toBe(false)
  })

  it('finds one ${table.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} by ${keyField}, and none for a ${keyField} that names none', async () => {
    const found = await subgraph.query('query($key: ID!) { ${lookup}(${keyField}: $key) { ${keyField} } }', { key: ${JSON.stringify(keys[0])} })
    expect(found.data.${lookup}).toEqual({ ${keyField}: ${JSON.stringify(keys[0])} })
    const missing = await subgraph.query('query($key: ID!) { ${lookup}(${keyField}: $key) { ${keyField} } }', { key: 'no-such-key' })
    expect(missing.data.${lookup}).toBeNull()
  })

  it('resolves references from other domains with one statement for the whole batch', async () => {
    const before = subgraph.database.statements.count
    const result = await subgraph.query('query($refs: [_Any!]!) { _entities(representations: $refs) { ... on ${table.type} { ${keyField} } } }', {
      refs: ${JSON.stringify(keys)}.map((key) => ({ __typename: '${table.type}', ${keyField}: key })),
    })
    expect(result.data._entities.map((entity: any) => entity.${keyField})).toEqual(${JSON.stringify(keys)})
    expect(subgraph.database.statements.count - before).toBe(1)
  })

  it('refuses a page larger than the maximum instead of cutting it', async () => {
    const result = await subgraph.query('{ ${connection}(first: 101) { edges { node { ${keyField} } } } }')
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT')
  })
})
`
}
