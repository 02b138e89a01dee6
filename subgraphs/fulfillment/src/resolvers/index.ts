import type { ResolverMap } from '@datamesh/kit'
import { Order, Product, Shipment, StockLevel } from './entities.js'

export const resolvers: ResolverMap = { StockLevel, Shipment, Product, Order }
