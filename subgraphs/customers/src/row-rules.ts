// The customers domain's row rules, applied in SQL to every read of a customer (lists,
// lookups and references from other domains alike), because every read starts from
// `rows('customers')`:
// - with the purpose `marketing`, customers who did not consent are filtered out;
// - a subject with the role `customer` sees only their own record.
import { parseId, type RowCondition, type RowRules } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export const rowRules: RowRules<Database> = {
  customers: (access) => {
    const rules: RowCondition<Database, 'customers'>[] = []
    if (access.purpose === 'marketing') rules.push((eb) => eb('customers.marketing_consent', '=', true))
    if (access.roles.includes('customer')) {
      const self = access.sub === undefined ? null : parseId(access.sub)
      rules.push((eb) => (self === null ? eb.lit(false) : eb('customers.id', '=', self)))
    }
    if (rules.length === 0) return undefined
    return (eb) => eb.and(rules.map((rule) => rule(eb)))
  },
}
