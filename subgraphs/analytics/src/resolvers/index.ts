import type { ResolverMap } from '@datamesh/kit'
import { Customer, Product } from './entities.js'

export const resolvers: ResolverMap = { Customer, Product }
