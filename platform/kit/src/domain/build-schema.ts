// A domain's executable subgraph schema and the SDL it publishes to composition.
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph'
import { Kind, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql'
import { scalarResolvers } from '../graphql/scalars.js'
import { domainResolvers, type DomainDefinition } from './define-domain.js'

/** `birthDate` → `birth_date`. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

/**
 * Rows come from SQL with snake_case columns; fields are camelCase. A field no resolver
 * covers reads its own name from the parent, else its snake_case column, so no domain
 * writes `birthDate: (row) => row.birth_date`.
 */
function columnResolver(field: string): GraphQLFieldResolver<Record<string, unknown>, unknown> {
  const column = snakeCase(field)
  return (parent, args, context, info) => {
    if (parent == null) return undefined
    const value = field in parent ? parent[field] : parent[column]
    // As graphql's default resolver does: a method (a connection's lazy `totalCount`) is called.
    return typeof value === 'function' ? (value as (...input: unknown[]) => unknown).call(parent, args, context, info) : value
  }
}

/** The executable subgraph schema of a domain, with the shared scalars it declares. */
export function buildDomainSchema(domain: DomainDefinition): GraphQLSchema {
  const declared = new Set(
    domain.typeDefs.definitions.flatMap((definition) => (definition.kind === Kind.SCALAR_TYPE_DEFINITION ? [definition.name.value] : [])),
  )
  const scalars = Object.fromEntries(Object.entries(scalarResolvers).filter(([name]) => declared.has(name)))
  const schema = buildSubgraphSchema([{ typeDefs: domain.typeDefs, resolvers: { ...scalars, ...domainResolvers(domain) } as never }])
  for (const type of Object.values(schema.getTypeMap())) {
    // @apollo/subgraph builds with its own (CommonJS) copy of graphql: ask the tag, not instanceof.
    if (type[Symbol.toStringTag] !== 'GraphQLObjectType' || type.name.startsWith('__')) continue
    for (const field of Object.values((type as GraphQLObjectType).getFields())) field.resolve ??= columnResolver(field.name)
  }
  return schema
}

/** The subgraph SDL as the running service reports it in `_service { sdl }`. */
export function printDomainSdl(domain: DomainDefinition): string {
  return `${printSubgraphSchema(buildDomainSchema(domain))}\n`
}
