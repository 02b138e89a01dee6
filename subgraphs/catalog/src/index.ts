// @datamesh/catalog: the catalog domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createCatalog from '../migrations/0001_create_catalog.js'
import { policies } from '../policies.js'
import { seed } from '../seed.js'
import { entities } from './entities.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import type { Database } from './tables/database.js'

export const catalog = defineDomain<Database, Loaders>({
  name: 'catalog',
  description: 'What we sell: products, their categories, prices and costs, and the suppliers behind them.',
  port: 4002,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '0001_create_catalog': createCatalog },
  policies,
  entities,
  resolvers,
  createLoaders,
  seed,
})

export default catalog
export type { Database } from './tables/database.js'
export { policies }
