// One connection over one table, keyset-paginated by its key column: the caller gives the
// filtered query, this adds the page window, the cursors and the lazy count.
import type { SelectQueryBuilder } from 'kysely'
import { readPage, toConnection, type Connection, type Key, type KeyKind, type PageArgs } from './connection.js'

export interface PaginateOptions {
  /** The key column, integer or text, unique and indexed (default `id`). */
  readonly key?: string | undefined
  /** Whether the key column holds text rather than integers (default integers). */
  readonly keyKind?: KeyKind
  /** The largest page (default PAGE_SIZE.max). */
  readonly max?: number
}

export async function paginate<Row = Record<string, unknown>>(
  field: string,
  args: PageArgs,
  from: () => SelectQueryBuilder<any, any, object>,
  options: PaginateOptions = {},
): Promise<Connection<Row>> {
  const key = options.key ?? 'id'
  const page = readPage(args, field, options.max, options.keyKind)
  let query = from().selectAll().orderBy(key).limit(page.size + 1)
  if (page.after !== undefined) query = query.where(key, '>', page.after)
  const rows = (await query.execute()) as Record<string, unknown>[]
  return toConnection(rows, page, (row) => row[key] as Key, async () => {
    const { count } = await from()
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(count)
  }) as Connection<Row>
}
