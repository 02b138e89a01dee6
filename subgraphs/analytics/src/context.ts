import type { DomainContext, EntityLoaders } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export type Context = DomainContext<Database, EntityLoaders<'customerFeaturesByKey' | 'productDemandByKey' | 'refreshRunsByKey'>>
