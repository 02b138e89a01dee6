import type { ResolverMap } from '@datamesh/kit'
import { DataProductResolvers } from './data-product.js'
import { Domain } from './domain.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, Domain, DataProduct: DataProductResolvers }
