// Per-request loaders over a table's base query: every reference to a row by key, and
// every one-to-many relation, is collected over a request and answered by one statement
// per batch, with the table's row rule in it.
import type DataLoader from 'dataloader'
import type { Selectable, SelectQueryBuilder } from 'kysely'
import { rowLoader, rowsLoader } from '../graphql/loaders.js'
import type { Key } from '../graphql/connection.js'

type From<DB, TB extends keyof DB> = () => SelectQueryBuilder<DB, TB, object>

/** One row per key (`customerById`), null where the request may see none. */
export function byKey<DB, TB extends keyof DB & string, K extends Key = number>(from: From<DB, TB>, column: keyof DB[TB] & string = 'id' as never): DataLoader<K, Selectable<DB[TB]> | null> {
  return rowLoader<K, Selectable<DB[TB]>>(
    (keys) => (from() as unknown as SelectQueryBuilder<any, any, object>).selectAll().where(column as string, 'in', keys as never).execute() as Promise<Selectable<DB[TB]>[]>,
    (row) => (row as Record<string, unknown>)[column] as K,
  )
}

/** Every row whose column holds the key (`addressesByCustomer`), in the order of `from`'s query. */
export function manyBy<DB, TB extends keyof DB & string, K extends Key = number>(from: From<DB, TB>, column: keyof DB[TB] & string): DataLoader<K, Selectable<DB[TB]>[]> {
  return rowsLoader<K, Selectable<DB[TB]>>(
    (keys) => (from() as unknown as SelectQueryBuilder<any, any, object>).selectAll().where(column as string, 'in', keys as never).execute() as Promise<Selectable<DB[TB]>[]>,
    (row) => (row as Record<string, unknown>)[column] as K,
  )
}
