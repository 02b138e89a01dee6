// Row rules: which rows of a table a request may read, decided in the owning domain from
// the subject the gateway vouched for. A domain declares one rule per table it governs,
// and reads every table through `rows(table)`, which starts each query from the rule:
// no read can forget it, whether it lists, looks up or answers another domain's reference.
import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely'
import type { Grant } from '../access/grant.js'

/** The condition a row must meet for one request. */
export type RowCondition<DB, TB extends keyof DB> = (eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>

/** A table's rule: the condition for this request, or undefined when every row may be read. */
export type RowRule<DB, TB extends keyof DB> = (access: Grant) => RowCondition<DB, TB> | undefined

/** A domain's row rules, by table. */
export type RowRules<DB> = { readonly [TB in keyof DB & string]?: RowRule<DB, TB> }

/** The base query of each table for one request: `rows('orders')` selects only the orders it may read. */
export interface Rows<DB> {
  <TB extends keyof DB & string>(table: TB): SelectQueryBuilder<DB, TB, object>
  /**
   * Selects from a query built from `rows(...)`, aliased (`rows.derived(ranked.as('ranked'))`):
   * a window over ruled rows stays ruled. A table name is refused: read tables through `rows`.
   */
  readonly derived: Kysely<DB>['selectFrom']
  /**
   * The database itself, for a platform subgraph whose store has no row rules (the catalog
   * reads the governance store's measurements). Refused to a domain that declares any.
   */
  readonly unruled: Kysely<DB>
}

/** The base queries of a domain's tables for one request. */
export function readRows<DB>(db: Kysely<DB>, rules: RowRules<DB>, access: Grant): Rows<DB> {
  const conditions = new Map<string, RowCondition<DB, never>>()
  for (const [table, rule] of Object.entries(rules) as [string, RowRule<DB, never> | undefined][]) {
    const condition = rule?.(access)
    if (condition) conditions.set(table, condition)
  }
  const rows = <TB extends keyof DB & string>(table: TB): SelectQueryBuilder<DB, TB, object> => {
    const query = db.selectFrom(table as never) as unknown as SelectQueryBuilder<DB, TB, object>
    const condition = conditions.get(table)
    return condition ? query.where(condition as never) : query
  }
  const derived = ((query: unknown) => {
    if (typeof query === 'string' || Array.isArray(query)) throw new Error('rows.derived selects from an aliased query built from rows(table), not from a table')
    return db.selectFrom(query as never)
  }) as Kysely<DB>['selectFrom']
  return Object.defineProperties(rows, {
    derived: { value: derived },
    unruled: {
      get() {
        if (Object.keys(rules).length > 0) throw new Error('a domain with row rules reads its tables through rows(table), never the database itself')
        return db
      },
    },
  }) as Rows<DB>
}
