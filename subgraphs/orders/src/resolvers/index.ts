import type { ResolverMap } from '@datamesh/kit'
import { Customer, Order, OrderLine } from './entities.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, Order, OrderLine, Customer }
