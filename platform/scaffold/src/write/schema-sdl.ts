// The generated domain's `schema.graphql`, shaped like every hand-written one: the
// federation and governance links, one entity per table keyed by its key, classified
// fields tagged and masked as the classifier proposed, references to other domains'
// entities, a Relay connection per table with its filters, and a description everywhere.
import type { ColumnPlan, TablePlan } from '../infer/infer-table.js'
import { camelCase, sentence, singular } from '../infer/names.js'
import type { DomainPlan } from '../plan.js'
import { filtersOf, graphqlType } from './filters.js'

const HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@tag", "@requiresScopes", "@composeDirective"])
  @link(url: "https://datamesh.dev/governance/v1.0", import: ["@mask", "@filterOn"])
  @composeDirective(name: "@mask")
  @composeDirective(name: "@filterOn")

"""
How a field's value is masked when governance decides to mask it.
"""
directive @mask(strategy: String!) on FIELD_DEFINITION

"""
Names the fields an argument selects by when its name does not say so (\`minPrice\` tests
\`listPrice\`): a subject may give the argument only if it may read those fields.
"""
directive @filterOn(fields: [String!]!) on INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
`

const SCALARS: Readonly<Record<string, string>> = {
  DateTime: 'An instant in time: an ISO-8601 string with a time zone, such as 2026-03-14T09:26:53Z.',
  Date: 'A calendar date: an ISO-8601 string such as 1984-06-30.',
}

const MASKED_AS: Readonly<Record<string, string>> = {
  email: 'masked as j***@example.com',
  last4: 'only the last four characters',
  year: 'only the year',
  redact: 'redacted',
  hash: 'pseudonymised by a keyed hash that still joins',
  null: 'hidden',
}

function block(description: string): string {
  return `"""\n${description}\n"""`
}

function quoted(text: string): string {
  return JSON.stringify(text)
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `An ${noun}` : `A ${noun}`
}

function humanType(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/** A field's description: from its name, with what governance does to it. */
function describe(table: TablePlan, column: ColumnPlan): string {
  const noun = humanType(table.type)
  if (column.key) return column.generated ? `Stable identifier of the ${noun}, given by the database.` : `Stable identifier of the ${noun} (the file's ${column.source}).`
  if (column.reference) return `The ${humanType(column.reference.type)} this ${noun} refers to (the file's ${column.source}).`
  const base = `${sentence(column.column)}${column.nullable ? ', when known' : ''}`
  const found = column.classification
  if (found?.classification === 'pii') return `${base} (personal data: ${MASKED_AS[found.mask] ?? 'masked'} unless raw access is granted).`
  if (found?.classification === 'confidential') return `${base} (confidential: only for subjects with the scope ${'<domain>'}:confidential:read).`
  return `${base}.`
}

/** Whether the field may come back null: nullable in the file, or deniable by its access rule. */
function nullable(column: ColumnPlan): boolean {
  return column.nullable || column.reference !== undefined || column.classification?.classification === 'confidential' || column.classification?.mask === 'null'
}

function fieldLine(domain: DomainPlan, table: TablePlan, column: ColumnPlan): string {
  const name = column.reference ? column.reference.field : column.field
  const type = column.reference ? column.reference.type : graphqlType(column)
  const found = column.classification
  const directives =
    found?.classification === 'pii'
      ? ` @tag(name: "pii") @mask(strategy: "${found.mask}")`
      : found?.classification === 'confidential'
        ? ` @tag(name: "confidential") @requiresScopes(scopes: [["${domain.name}:confidential:read"]])`
        : ''
  const description = describe(table, column).replace('<domain>', domain.name)
  return `  ${quoted(description)}\n  ${name}: ${type}${nullable(column) ? '' : '!'}${directives}`
}

function entity(domain: DomainPlan, table: TablePlan): string {
  const noun = humanType(table.type)
  return `${block(`${article(noun)}, owned by the ${domain.name} domain: one row of ${table.table}.`)}
type ${table.type} @key(fields: "${table.key.field}") {
${table.columns.map((column) => fieldLine(domain, table, column)).join('\n')}
}`
}

function enums(table: TablePlan): string[] {
  return table.columns.flatMap((column) =>
    column.enum
      ? [
          `${block(`${sentence(column.column)} of ${article(humanType(table.type)).toLowerCase()}.`)}
enum ${column.enum.name} {
${Object.entries(column.enum.values)
  .map(([stored, name]) => `  ${quoted(`Stored as ${JSON.stringify(stored)}.`)}\n  ${name}`)
  .join('\n')}
}`,
        ]
      : [],
  )
}

function connection(table: TablePlan): string[] {
  const plural = table.table.replace(/_/g, ' ')
  const filters = filtersOf(table)
  const filterInput = filters.length
    ? [
        `${block(`Narrows the ${plural} listed. All given conditions must hold.`)}
input ${table.type}Filter {
${filters.map((filter) => `  ${quoted(filter.description)}\n  ${filter.argument}: ${filter.type}`).join('\n')}
}`,
      ]
    : []
  return [
    ...filterInput,
    `${block(`A page of ${plural}, in ${table.key.column} order.`)}
type ${table.type}Connection {
  "The ${plural} of this page."
  edges: [${table.type}Edge!]!
  "Where this page stands."
  pageInfo: PageInfo!
  "How many ${plural} match the filter in all (counted only when asked for)."
  totalCount: Int!
}`,
    `${block(`One ${humanType(table.type)} in a page.`)}
type ${table.type}Edge {
  "Pass as \`after\` to continue after this ${humanType(table.type)}."
  cursor: String!
  "The ${humanType(table.type)}."
  node: ${table.type}!
}`,
  ]
}

/** The root field names of a table: its connection (the table's name) and its lookup (singular). */
export function rootFields(table: TablePlan): { connection: string; lookup: string } {
  const connectionField = camelCase(table.table)
  const lookup = camelCase(singular(table.table))
  return { connection: connectionField, lookup: lookup === connectionField ? `${lookup}ByKey` : lookup }
}

function references(plan: DomainPlan, entities: ReadonlyMap<string, string>): string[] {
  const referenced = new Map<string, string[]>()
  for (const table of plan.tables) {
    for (const column of table.columns) {
      if (column.reference) referenced.set(column.reference.type, [...(referenced.get(column.reference.type) ?? []), table.table])
    }
  }
  return [...referenced].map(
    ([type, tables]) => `${block(`${article(humanType(type))}, owned by the ${entities.get(type) ?? 'another'} domain: ${[...new Set(tables)].join(' and ')} refer to it by id.`)}
type ${type} @key(fields: "id", resolvable: false) {
  "Stable identifier of the ${humanType(type)}."
  id: ID!
}`,
  )
}

export function schemaSdl(plan: DomainPlan, entities: ReadonlyMap<string, string>): string {
  const columns = plan.tables.flatMap((table) => table.columns)
  const scalars = ['DateTime', 'Date'].filter((scalar) => columns.some((column) => graphqlType(column) === scalar))
  const query = plan.tables.map((table) => {
    const { connection: list, lookup } = rootFields(table)
    const filter = filtersOf(table).length ? `, filter: ${table.type}Filter` : ''
    return `  ${quoted(`${sentence(table.table)} in ${table.key.column} order, a page at a time (at most 100 per page).`)}
  ${list}(first: Int = 20, after: String${filter}): ${table.type}Connection!
  ${quoted(`One ${humanType(table.type)} by ${table.key.field}, or null when there is none or it is not yours to see.`)}
  ${lookup}(${table.key.field}: ID!): ${table.type}`
  })
  const parts = [
    HEADER.trimEnd(),
    ...scalars.map((scalar) => `${block(SCALARS[scalar]!)}\nscalar ${scalar}`),
    ...plan.tables.flatMap((table) => [entity(plan, table), ...enums(table), ...connection(table)]),
    ...references(plan, entities),
    `${block('Where a page of results stands in the whole list.')}
type PageInfo @shareable {
  "Whether another page follows this one."
  hasNextPage: Boolean!
  "Whether this page was asked for after a cursor."
  hasPreviousPage: Boolean!
  "Cursor of the first edge of the page."
  startCursor: String
  "Cursor of the last edge of the page: pass it as \`after\` to get the next page."
  endCursor: String
}`,
    `${block(`Entry points of the ${plan.name} domain: ${plan.description}`)}
type Query {
${query.join('\n')}
}`,
  ]
  return `${parts.join('\n\n')}\n`
}
