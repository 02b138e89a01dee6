// @datamesh/customers: the customers domain as an Apollo Federation 2 subgraph.
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createCustomers from '../migrations/0001_create_customers.js'
import { policies } from '../policies.js'
import { seed } from '../seed.js'
import { entities } from './entities.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import { rowRules } from './row-rules.js'
import type { Database } from './tables/database.js'

export const customers = defineDomain<Database, Loaders>({
  name: 'customers',
  description: 'Who buys from us: customers, their addresses, their segment and their marketing consent.',
  port: 4001,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '0001_create_customers': createCustomers },
  policies,
  rowRules,
  entities,
  resolvers,
  createLoaders,
  seed,
})

export default customers
export type { Database } from './tables/database.js'
export { policies }
