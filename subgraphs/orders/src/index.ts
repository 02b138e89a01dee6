// @datamesh/orders: the orders domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createOrders from '../migrations/0001_create_orders.js'
import { seed } from '../seed.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import type { Database } from './tables/database.js'

export const orders = defineDomain<Database, Loaders>({
  name: 'orders',
  description: 'What customers bought: orders, their lines, prices paid and where each order stands.',
  port: 4003,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  migrations: { '0001_create_orders': createOrders },
  createLoaders,
  seed,
})

export default orders
export type { Database } from './tables/database.js'
export { policies } from '../policies.js'
