// What the Customer entity's declaration does not cover: its addresses, batched.
import type { Context } from '../context.js'
import type { CustomerRow } from '../tables/database.js'

export const Customer = {
  addresses: (customer: CustomerRow, _: unknown, { loaders }: Context) => loaders.addressesByCustomer.load(customer.id),
}
