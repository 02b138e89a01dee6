import type { ResolverMap } from '@datamesh/kit'
import { Customer, Order, OrderLine } from './entities.js'

export const resolvers: ResolverMap = { Order, OrderLine, Customer }
