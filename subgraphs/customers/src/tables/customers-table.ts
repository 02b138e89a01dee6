import type { Generated, Selectable } from 'kysely'

export type CustomerSegment = 'CONSUMER' | 'SMALL_BUSINESS' | 'ENTERPRISE'

export interface CustomersTable {
  id: Generated<number>
  name: string
  email: string
  phone: string | null
  /** `YYYY-MM-DD` */
  birth_date: string | null
  country: string
  segment: CustomerSegment
  marketing_consent: boolean
  created_at: Generated<Date>
}

export type CustomerRow = Selectable<CustomersTable>
