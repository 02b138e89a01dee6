import type { Generated, Selectable } from 'kysely'

export type AddressKind = 'SHIPPING' | 'BILLING'

export interface AddressesTable {
  id: Generated<number>
  customer_id: number
  kind: AddressKind
  line1: string
  line2: string | null
  city: string
  postal_code: string
  country: string
}

export type AddressRow = Selectable<AddressesTable>
