// The analytics domain's row rule, applied in SQL to every read of customer features
// (lists and references from other domains alike), because every read starts from
// `rows('customer_features')`: a subject with the role `customer` sees only their own
// features, as they see only their own orders. Product demand aggregates every customer's
// orders and names none, so it has no row rule.
import { parseId, type RowRules } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export const rowRules: RowRules<Database> = {
  customer_features: (access) => {
    if (!access.roles.includes('customer')) return undefined
    const self = access.sub === undefined ? null : parseId(access.sub)
    return (eb) => (self === null ? eb.lit(false) : eb('customer_features.id', '=', self))
  },
}
