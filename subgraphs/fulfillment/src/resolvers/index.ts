import type { ResolverMap } from '@datamesh/kit'
import { Order, Product, Shipment, StockLevel, Warehouse } from './entities.js'
import { Query } from './query.js'

export const resolvers: ResolverMap = { Query, Warehouse, StockLevel, Shipment, Product, Order }
