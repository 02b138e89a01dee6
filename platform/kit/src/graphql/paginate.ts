// One root connection field over one table, keyset-paginated by `id`: the domain gives
// the filtered query, the kit adds the page window, the cursors and the lazy count.
import type { Selectable, SelectQueryBuilder } from 'kysely'
import { readPage, toConnection, type Connection, type PageArgs } from './connection.js'

export async function paginate<DB, TB extends keyof DB & string>(
  field: string,
  args: PageArgs,
  from: () => SelectQueryBuilder<DB, TB, object>,
  max?: number,
): Promise<Connection<Selectable<DB[TB]>>> {
  const page = readPage(args, field, max)
  // Typed loosely inside: every paginated table has an integer `id` primary key.
  let query = (from() as SelectQueryBuilder<any, any, object>).selectAll().orderBy('id').limit(page.size + 1)
  if (page.after !== undefined) query = query.where('id', '>', page.after)
  const rows = (await query.execute()) as (Selectable<DB[TB]> & { id: number })[]
  return toConnection(rows, page, (row) => row.id, async () => {
    const { count } = await (from() as SelectQueryBuilder<any, any, object>)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    return count as number
  })
}
