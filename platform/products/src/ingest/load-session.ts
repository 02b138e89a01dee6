// One transaction on a domain's database for the whole load, whichever engine holds it:
// on a PostgreSQL server a `pg` client of its own, so that rows stream in with COPY FROM
// STDIN; on embedded PGlite the domain database's Kysely, whose rows go in as batches
// (PGlite's wire-protocol server, pglite-socket 0.2.17, loses protocol synchronisation on
// COPY FROM STDIN, and in process there is no wire to stream over).
import type { DomainDatabase } from '@datamesh/kit'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Writable } from 'node:stream'

export interface SessionResult<R> {
  readonly rows: R[]
  readonly rowCount: number
}

export interface LoadSession {
  readonly engine: DomainDatabase<unknown>['engine']
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SessionResult<R>>
  /** `COPY ... FROM STDIN` as a stream, where the engine offers it. */
  readonly copyIn?: (statement: string) => Writable
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws,
 * so a load that fails leaves the database as it was. `url` is the server database's URL
 * when the domain is on one.
 */
export async function withLoadSession<T>(database: DomainDatabase<any>, url: string | undefined, work: (session: LoadSession) => Promise<T>): Promise<T> {
  if (database.engine === 'postgres' && url) return withServerClient(url, work)
  return database.db.transaction().execute((trx) =>
    work({
      engine: database.engine,
      async query<R>(text: string, params: readonly unknown[] = []) {
        const result = await trx.executeQuery<R>(CompiledQuery.raw(text, [...params]))
        return { rows: [...result.rows], rowCount: Number(result.numAffectedRows ?? result.rows.length) }
      },
    }),
  )
}

async function withServerClient<T>(url: string, work: (session: LoadSession) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // A million staged rows overflow the default 8 MB of buffers for temporary tables and
    // 4 MB for each sort or hash: sized for the load (server memory, only this session's).
    await client.query(`set temp_buffers = '256MB'; set work_mem = '64MB'`)
    await client.query('begin')
    const result = await work({
      engine: 'postgres',
      async query<R>(text: string, params: readonly unknown[] = []) {
        const answer = await client.query(text, [...params])
        return { rows: answer.rows as R[], rowCount: answer.rowCount ?? answer.rows.length }
      },
      copyIn: (statement) => client.query(copyFrom(statement)),
    })
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    await client.end().catch(() => undefined)
  }
}
