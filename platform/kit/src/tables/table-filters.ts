// The filters a connection over a table declares, by argument name: what an analyst would
// expect of an indexed column (equal to, one of, contains, at least, before ...). A
// connection applies those given in the request, all together, to the table's base query.
import type { SelectQueryBuilder } from 'kysely'
import { parseId } from '../graphql/ids.js'

type AnyQuery = SelectQueryBuilder<any, any, object>

/** Narrows a table's query by one argument's value (never called with null or undefined). */
export type TableFilter = (query: AnyQuery, value: unknown) => AnyQuery

export interface EqualsOptions {
  /** The argument is a GraphQL ID naming an integer key (`customerId` → `customer_id`). */
  readonly id?: boolean
  /** Compared in upper case, as ISO country codes are stored. */
  readonly upperCase?: boolean
}

/** `%`, `_` and `\` match themselves in a `contains` filter. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`
}

export const tableFilters = {
  /** The column equals the value. */
  equals:
    (column: string, options: EqualsOptions = {}): TableFilter =>
    (query, value) =>
      query.where(column, '=', options.id ? (parseId(value as string) ?? 0) : options.upperCase ? String(value).toUpperCase() : value),
  /** The column is one of the values of a list (an empty list filters nothing). */
  oneOf:
    (column: string): TableFilter =>
    (query, value) =>
      (value as unknown[]).length ? query.where(column, 'in', value as unknown[]) : query,
  /** The text column contains the value, ignoring case. */
  contains:
    (column: string): TableFilter =>
    (query, value) =>
      query.where(column, 'ilike', likePattern(String(value))),
  /** The column is at least the value (`minTotal`, `createdAfter`: from that instant on). */
  atLeast:
    (column: string): TableFilter =>
    (query, value) =>
      query.where(column, '>=', value),
  /** The column is at most the value (`maxPrice`). */
  atMost:
    (column: string): TableFilter =>
    (query, value) =>
      query.where(column, '<=', value),
  /** The column is before the value (`createdBefore`: up to, not including, that instant). */
  before:
    (column: string): TableFilter =>
    (query, value) =>
      query.where(column, '<', value),
} as const

/** The query narrowed by every declared filter the arguments give. */
export function applyFilters(query: AnyQuery, filters: Readonly<Record<string, TableFilter>>, given: Readonly<Record<string, unknown>>): AnyQuery {
  let narrowed = query
  for (const [argument, filter] of Object.entries(filters)) {
    const value = given[argument]
    if (value !== null && value !== undefined) narrowed = filter(narrowed, value)
  }
  return narrowed
}
