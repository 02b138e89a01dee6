// The four demo domains, for tests that run the whole mesh.
import catalog from '@datamesh/catalog'
import customers from '@datamesh/customers'
import fulfillment from '@datamesh/fulfillment'
import orders from '@datamesh/orders'

export const domains = [customers, catalog, orders, fulfillment]
