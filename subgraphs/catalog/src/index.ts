// @datamesh/catalog: the catalog domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createCatalog from '../migrations/0001_create_catalog.js'
import { seed } from '../seed.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import type { Database } from './tables/database.js'

export const catalog = defineDomain<Database, Loaders>({
  name: 'catalog',
  description: 'What we sell: products, their categories, prices and costs, and the suppliers behind them.',
  port: 4002,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  migrations: { '0001_create_catalog': createCatalog },
  createLoaders,
  seed,
})

export default catalog
export type { Database } from './tables/database.js'
export { policies } from '../policies.js'
