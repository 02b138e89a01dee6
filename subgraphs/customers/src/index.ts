// @datamesh/customers: the customers domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createCustomers from '../migrations/0001_create_customers.js'
import { seed } from '../seed.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import type { Database } from './tables/database.js'

export const customers = defineDomain<Database, Loaders>({
  name: 'customers',
  description: 'Who buys from us: customers, their addresses, their segment and their marketing consent.',
  port: 4001,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  migrations: { '0001_create_customers': createCustomers },
  createLoaders,
  seed,
})

export default customers
export type { Database } from './tables/database.js'
export { policies } from '../policies.js'
