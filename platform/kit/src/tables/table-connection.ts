// A root connection over one table: the table's base query for this request (its row rule
// applied), narrowed by the filters the field declares, paginated by key. The resolver a
// domain writes for `customers(first, after, filter)` is one call.
import type { GraphQLResolveInfo } from 'graphql'
import { ErrorCode } from '../errors/codes.js'
import { DataMeshError } from '../errors/datamesh-error.js'
import type { KeyKind, PageArgs } from '../graphql/connection.js'
import { paginate } from '../graphql/paginate.js'
import type { Grant } from '../access/grant.js'
import type { Rows } from './rows.js'
import { applyFilters, type TableFilter } from './table-filters.js'

export interface ConnectionOptions {
  /** Filters by argument name. */
  readonly filters?: Readonly<Record<string, TableFilter>>
  /** The input object argument holding the filters (default `filter`); null reads them from the field's own arguments. */
  readonly argument?: string | null
  /** Pairs of filters that bound a range from below and above: the first must be less than the second. */
  readonly ranges?: readonly (readonly [string, string])[]
  /** The key column pages follow (default `id`) and whether it holds text (default integers). */
  readonly key?: string
  readonly keyKind?: KeyKind
  /** Refuses filter values this request may not give, beyond what the gateway checks. */
  readonly check?: (given: Readonly<Record<string, unknown>>, access: Grant) => void
}

interface TableContext {
  readonly rows: Rows<any>
  readonly access: Grant
}

export function tableConnection(table: string, options: ConnectionOptions = {}) {
  const argument = options.argument === undefined ? 'filter' : options.argument
  return async (_: unknown, args: PageArgs & Record<string, unknown>, { rows, access }: TableContext, info: GraphQLResolveInfo) => {
    const field = `${info.parentType.name}.${info.fieldName}`
    const given = ((argument === null ? args : args[argument]) ?? {}) as Record<string, unknown>
    for (const [low, high] of options.ranges ?? []) {
      const [from, to] = [given[low], given[high]]
      if (from != null && to != null && (from as number | Date) >= (to as number | Date)) {
        throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `${field}: "${low}" must be earlier than "${high}"`, { argument: argument ?? low })
      }
    }
    options.check?.(given, access)
    return paginate(field, args, () => applyFilters(rows(table as never), options.filters ?? {}, given), { key: options.key, keyKind: options.keyKind })
  }
}
