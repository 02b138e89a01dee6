// Query.customerFeatures, Query.productDemand and Query.refreshRuns.
import { DataMeshError, ErrorCode, paginate, type Grant, type PageArgs } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Context } from '../context.js'
import { visibleFeatures } from '../row-rules.js'
import type { ChurnRisk, Database } from '../tables/database.js'

export interface CustomerFeaturesFilter {
  churnRisk?: ChurnRisk[] | null
  minLifetimeValue?: number | null
}

function filteredFeatures(db: Kysely<Database>, access: Grant, filter: CustomerFeaturesFilter) {
  // churnRisk is staff only (analytics.staff-only): filtering by it would tell a customer
  // their own score, so the filter is refused where the field would be denied.
  if (filter.churnRisk?.length && access.roles.includes('customer')) {
    throw new DataMeshError(ErrorCode.FORBIDDEN, 'Query.customerFeatures: filtering by churnRisk is for staff; customers may not filter on it', {
      argument: 'filter',
    })
  }
  const visible = visibleFeatures(access)
  let query = visible ? db.selectFrom('customer_features').where(visible) : db.selectFrom('customer_features')
  if (filter.churnRisk?.length) query = query.where('churn_risk', 'in', filter.churnRisk)
  if (filter.minLifetimeValue != null) query = query.where('lifetime_value', '>=', filter.minLifetimeValue)
  return query
}

export const Query = {
  customerFeatures: (_: unknown, args: PageArgs & { filter?: CustomerFeaturesFilter | null }, { db, access }: Context) =>
    paginate('Query.customerFeatures', args, () => filteredFeatures(db, access, args.filter ?? {})),

  productDemand: (_: unknown, args: PageArgs, { db }: Context) => paginate('Query.productDemand', args, () => db.selectFrom('product_demand')),

  refreshRuns: (_: unknown, args: PageArgs, { db }: Context) => paginate('Query.refreshRuns', args, () => db.selectFrom('refresh_runs')),
}
