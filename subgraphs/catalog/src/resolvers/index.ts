import type { ResolverMap } from '@datamesh/kit'
import { Category, Product, Supplier } from './entities.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, Product, Category, Supplier }
