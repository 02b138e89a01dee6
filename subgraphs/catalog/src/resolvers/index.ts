import type { ResolverMap } from '@datamesh/kit'
import { Category, Product } from './entities.js'

export const resolvers: ResolverMap = { Product, Category }
