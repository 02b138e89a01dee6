// @datamesh/analytics: the analytics domain as an Apollo Federation 2 subgraph. It owns no
// source data: its features are derived from other domains' data products, read through
// the gateway by `refreshFeatures` (`datamesh analytics refresh`).
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createAnalytics from '../migrations/0001_create_analytics.js'
import { seed } from '../seed.js'
import { createLoaders, type Loaders } from './loaders.js'
import { resolvers } from './resolvers/index.js'
import type { Database } from './tables/database.js'

export const analytics = defineDomain<Database, Loaders>({
  name: 'analytics',
  description: 'Governed features derived from the other domains: customer features and product demand, with the lineage of each refresh.',
  port: 4005,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  migrations: { '0001_create_analytics': createAnalytics },
  createLoaders,
  seed,
})

export default analytics
export type { Database } from './tables/database.js'
export { policies } from '../policies.js'
export * from './refresh/index.js'
