// A domain's executable subgraph schema and the SDL it publishes to composition.
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph'
import { Kind, type GraphQLSchema } from 'graphql'
import { scalarResolvers } from '../graphql/scalars.js'
import type { DomainDefinition } from './define-domain.js'

/** The executable subgraph schema of a domain, with the shared scalars it declares. */
export function buildDomainSchema(domain: DomainDefinition): GraphQLSchema {
  const declared = new Set(
    domain.typeDefs.definitions.flatMap((definition) => (definition.kind === Kind.SCALAR_TYPE_DEFINITION ? [definition.name.value] : [])),
  )
  const scalars = Object.fromEntries(Object.entries(scalarResolvers).filter(([name]) => declared.has(name)))
  return buildSubgraphSchema([{ typeDefs: domain.typeDefs, resolvers: { ...scalars, ...domain.resolvers } as never }])
}

/** The subgraph SDL as the running service reports it in `_service { sdl }`. */
export function printDomainSdl(domain: DomainDefinition): string {
  return `${printSubgraphSchema(buildDomainSchema(domain))}\n`
}
