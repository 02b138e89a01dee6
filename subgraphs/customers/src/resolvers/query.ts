// Query.customers and Query.customer.
import { loadById, paginate, type Grant, type PageArgs } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Context } from '../context.js'
import { visibleCustomers } from '../row-rules.js'
import type { CustomerSegment, Database } from '../tables/database.js'

export interface CustomerFilter {
  country?: string | null
  segment?: CustomerSegment | null
  marketingConsent?: boolean | null
  nameContains?: string | null
  createdAfter?: Date | null
  createdBefore?: Date | null
}

function filtered(db: Kysely<Database>, access: Grant, filter: CustomerFilter = {}) {
  const visible = visibleCustomers(access)
  let query = visible ? db.selectFrom('customers').where(visible) : db.selectFrom('customers')
  if (filter.country != null) query = query.where('country', '=', filter.country.toUpperCase())
  if (filter.segment != null) query = query.where('segment', '=', filter.segment)
  if (filter.marketingConsent != null) query = query.where('marketing_consent', '=', filter.marketingConsent)
  if (filter.nameContains != null) query = query.where('name', 'ilike', `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%`)
  if (filter.createdAfter != null) query = query.where('created_at', '>=', filter.createdAfter)
  if (filter.createdBefore != null) query = query.where('created_at', '<', filter.createdBefore)
  return query
}

export const Query = {
  customers: (_: unknown, args: PageArgs & { filter?: CustomerFilter | null }, { db, access }: Context) =>
    paginate('Query.customers', args, () => filtered(db, access, args.filter ?? {})),

  customer: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.customerById, id),
}
