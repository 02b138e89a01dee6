// @datamesh/fulfillment: the fulfillment domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createFulfillment from '../migrations/0001_create_fulfillment.js'
import { policies } from '../policies.js'
import { seed } from '../seed.js'
import { entities } from './entities.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import { rowRules } from './row-rules.js'
import type { Database } from './tables/database.js'

export const fulfillment = defineDomain<Database, Loaders>({
  name: 'fulfillment',
  description: 'Getting goods to customers: warehouses, stock on hand per product, and the shipments of each order.',
  port: 4004,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '0001_create_fulfillment': createFulfillment },
  policies,
  rowRules,
  entities,
  resolvers,
  createLoaders,
  seed,
})

export default fulfillment
export type { Database } from './tables/database.js'
export { policies }
