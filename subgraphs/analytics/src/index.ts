// @datamesh/analytics: the analytics domain as an Apollo Federation 2 subgraph. It owns no
// source data: its features are derived from other domains' data products, read through
// the gateway by `refreshFeatures` (`datamesh analytics refresh`).
import { defineDomain, readSchema } from '@datamesh/kit'
import * as createAnalytics from '../migrations/0001_create_analytics.js'
import { policies } from '../policies.js'
import { seed } from '../seed.js'
import { entities } from './entities.js'
import { resolvers } from './resolvers/index.js'
import { rowRules } from './row-rules.js'
import type { Database } from './tables/database.js'

export const analytics = defineDomain<Database>({
  name: 'analytics',
  description: 'Governed features derived from the other domains: customer features and product demand, with the lineage of each refresh.',
  port: 4005,
  typeDefs: readSchema(new URL('../schema.graphql', import.meta.url)),
  migrations: { '0001_create_analytics': createAnalytics },
  policies,
  rowRules,
  entities,
  resolvers,
  seed,
})

export default analytics
export type { Database } from './tables/database.js'
export { policies }
export * from './refresh/index.js'
