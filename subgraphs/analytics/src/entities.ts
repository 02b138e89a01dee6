// The analytics tables published through the kit: customer features (with the filters the
// schema declares), product demand and the refresh runs, each a connection; features and
// demand refer to the customer and the product they describe, whose id is theirs.
import { DataMeshError, ErrorCode, tableFilters, type TableEntity } from '@datamesh/kit'

const { atLeast, oneOf } = tableFilters

export const entities: readonly TableEntity[] = [
  {
    type: 'CustomerFeatures',
    table: 'customer_features',
    connection: {
      field: 'customerFeatures',
      filters: { churnRisk: oneOf('churn_risk'), minLifetimeValue: atLeast('lifetime_value') },
      // churnRisk is staff only (analytics.staff-only): filtering by it would tell a customer
      // their own score, so the filter is refused where the field would be denied.
      check: (given, access) => {
        if ((given.churnRisk as unknown[] | null | undefined)?.length && access.roles.includes('customer')) {
          throw new DataMeshError(ErrorCode.FORBIDDEN, 'Query.customerFeatures: filtering by churnRisk is for staff; customers may not filter on it', { argument: 'filter' })
        }
      },
    },
    references: { customer: { type: 'Customer', column: 'id' } },
  },
  { type: 'ProductDemand', table: 'product_demand', connection: { field: 'productDemand' }, references: { product: { type: 'Product', column: 'id' } } },
  { type: 'RefreshRun', table: 'refresh_runs', connection: { field: 'refreshRuns' } },
]
