import type { DomainContext, EntityLoaders } from '@datamesh/kit'
import type { Loaders } from './loaders.js'
import type { Database } from './tables/database.js'

export type Context = DomainContext<Database, Loaders & EntityLoaders<'shipmentsByKey' | 'warehousesByKey' | 'stockLevelsByKey'>>
