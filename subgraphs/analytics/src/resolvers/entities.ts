// What this domain adds to Customer (their features) and Product (its demand), batched by
// the entities' loaders: features this request may not see resolve to null.
import { loadById } from '@datamesh/kit'
import type { Context } from '../context.js'

export const Customer = {
  // Any customer id is a valid reference here: a customer without features has none (null).
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  features: ({ id }: { id: string }, _: unknown, { loaders }: Context) => loadById(loaders.customerFeaturesByKey, id),
}

export const Product = {
  // Any product id is a valid reference here: a product without demand figures has none (null).
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  demand: ({ id }: { id: string }, _: unknown, { loaders }: Context) => loadById(loaders.productDemandByKey, id),
}
