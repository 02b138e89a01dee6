// The four demo domains and their policies, for tests that run the whole mesh.
import catalog, { policies as catalogPolicies } from '@datamesh/catalog'
import customers, { policies as customerPolicies } from '@datamesh/customers'
import fulfillment, { policies as fulfillmentPolicies } from '@datamesh/fulfillment'
import orders, { policies as orderPolicies } from '@datamesh/orders'

export const domains = [customers, catalog, orders, fulfillment]
export const policies = [...customerPolicies, ...catalogPolicies, ...orderPolicies, ...fulfillmentPolicies]

/** An analyst: authenticated, no special scopes, no declared purpose. */
export const ANALYST = { sub: 'ana', roles: ['analyst'] }
