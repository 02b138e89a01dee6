// @datamesh/marketplace: the catalog of data products, answering in the same supergraph as
// the data itself. A platform-owned subgraph: it reads the descriptors and the supergraph
// from the repository, and what was measured (quality results, latency, consumers) from
// the governance store.
import { governanceMigrations, type GovernanceDatabase } from '@datamesh/governance'
import { defineDomain, readSchema } from '@datamesh/kit'
import type { CatalogSources } from './catalog.js'
import { catalogLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import { meshSources } from './sources.js'
import { policies } from '../policies.js'

export const MARKETPLACE_PORT = 4006

/** The catalog subgraph over the given sources (tests), or over the running mesh's. */
export function createMarketplace(sources: () => CatalogSources = () => meshSources()) {
  return defineDomain<GovernanceDatabase, Loaders>({
    name: 'marketplace',
    description: 'The catalog of data products: owners, SLAs and their status, quality, classifications, access rules, consumers and lineage.',
    port: MARKETPLACE_PORT,
    typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
    resolvers,
    store: 'governance',
    policies,
    migrations: governanceMigrations,
    createLoaders: catalogLoaders(sources),
  })
}

export const marketplace = createMarketplace()
export default marketplace
export { Catalog, type CatalogSources, type DomainSummary, type ProductField } from './catalog.js'
export { rank } from './search.js'
export { meshSources } from './sources.js'
export { policies }
export { STEWARD_ROLE } from '../policies.js'
