import type { ResolverMap } from '@datamesh/kit'
import { Customer } from './customer.js'

export const resolvers: ResolverMap = { Customer }
