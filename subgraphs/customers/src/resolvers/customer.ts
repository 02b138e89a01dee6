// The Customer entity: resolved by id for other domains, with its addresses batched.
import { loadById } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { AddressRow, CustomerRow } from '../tables/database.js'

export const Customer = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.customerById, id),
  birthDate: (customer: CustomerRow) => customer.birth_date,
  marketingConsent: (customer: CustomerRow) => customer.marketing_consent,
  createdAt: (customer: CustomerRow) => customer.created_at,
  addresses: (customer: CustomerRow, _: unknown, { loaders }: Context) => loaders.addressesByCustomer.load(customer.id),
}

export const Address = {
  postalCode: (address: AddressRow) => address.postal_code,
}
