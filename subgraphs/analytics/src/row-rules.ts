// The analytics domain's row rule, applied in SQL to every read of customer features
// (lists and references from other domains alike): a subject with the role `customer` sees
// only their own features, as they see only their own orders. Product demand aggregates
// every customer's orders and names none, so it has no row rule.
import { parseId, type Grant } from '@datamesh/kit'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database } from './tables/database.js'

export type FeaturesRule = (eb: ExpressionBuilder<Database, 'customer_features'>) => Expression<SqlBool>

export function visibleFeatures(access: Grant): FeaturesRule | undefined {
  if (!access.roles.includes('customer')) return undefined
  const self = access.sub === undefined ? null : parseId(access.sub)
  return (eb) => (self === null ? eb.lit(false) : eb('customer_features.id', '=', self))
}
