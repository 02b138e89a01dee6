import type { ResolverMap } from '@datamesh/kit'
import { Address, Customer } from './customer.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, Customer, Address }
