import type { ResolverMap } from '@datamesh/kit'
import { Customer, CustomerFeatures, Product, ProductDemand, RefreshRun } from './entities.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, CustomerFeatures, ProductDemand, RefreshRun, Customer, Product }
