// @datamesh/orders: the orders domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createOrders from '../migrations/0001_create_orders.js'
import { policies } from '../policies.js'
import { seed } from '../seed.js'
import { entities } from './entities.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import { rowRules } from './row-rules.js'
import type { Database } from './tables/database.js'

export const orders = defineDomain<Database, Loaders>({
  name: 'orders',
  description: 'What customers bought: orders, their lines, prices paid and where each order stands.',
  port: 4003,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '0001_create_orders': createOrders },
  policies,
  rowRules,
  entities,
  resolvers,
  createLoaders,
  seed,
})

export default orders
export type { Database } from './tables/database.js'
export { policies }
