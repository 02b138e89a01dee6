// The customers domain's database, as kysely sees it.
import type { AddressesTable } from './addresses-table.js'
import type { CustomersTable } from './customers-table.js'

export interface Database {
  customers: CustomersTable
  addresses: AddressesTable
}

export type { AddressKind, AddressRow, AddressesTable } from './addresses-table.js'
export type { CustomerRow, CustomerSegment, CustomersTable } from './customers-table.js'
