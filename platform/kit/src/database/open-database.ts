// Opens the database a domain owns: a PostgreSQL server database when one is configured,
// the embedded PGlite otherwise. Either way the domain gets a typed Kysely and a log of
// the statements it runs.
import { Kysely, PostgresDialect, type Dialect } from 'kysely'
import { dataDirectory } from '../config/paths.js'
import { leaseEmbeddedDatabase, openMemoryDatabase, type HolderRole } from './embedded-host.js'
import { createPool, ensureDatabase, redact, serverDatabaseUrl } from './postgres-server.js'
import { StatementLog } from './statement-log.js'

export interface DomainDatabase<DB> {
  readonly domain: string
  readonly db: Kysely<DB>
  readonly engine: 'pglite' | 'postgres'
  /** Where the data is, for logs and messages (passwords redacted). */
  readonly location: string
  readonly statements: StatementLog
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  /** A service waits for a CLI command holding the embedded database; a CLI command borrows a service's. */
  role?: HolderRole
  /** A server database to use instead of the one the environment names. */
  url?: string
  /** An embedded database in memory (tests). Ignored when a server database is configured. */
  memory?: boolean
  /** Where embedded databases live; defaults to `.data/`. */
  dataDirectory?: string
  env?: NodeJS.ProcessEnv
  onWait?: (message: string) => void
  /**
   * On a PostgreSQL server, every statement is stopped after this long (`statement_timeout`).
   * Embedded PGlite cannot stop a running statement (WebAssembly Postgres has no timer
   * interrupts); there, the gateway's limits bound what a request can ask instead.
   */
  statementTimeoutMs?: number
}

export async function openDomainDatabase<DB>(domain: string, options: OpenDatabaseOptions = {}): Promise<DomainDatabase<DB>> {
  const statements = new StatementLog()
  const url = options.url ?? serverDatabaseUrl(domain, options.env)
  let dialect: Dialect
  let release: () => Promise<void>
  let location: string
  if (url) {
    await ensureDatabase(url)
    const pool = createPool(url, 10, options.statementTimeoutMs)
    dialect = new PostgresDialect({ pool })
    // Kysely's destroy() ends the pool.
    release = async () => undefined
    location = redact(url)
  } else {
    const lease = options.memory
      ? await openMemoryDatabase()
      : await leaseEmbeddedDatabase({
          root: options.dataDirectory ?? dataDirectory(),
          domain,
          role: options.role ?? 'cli',
          ...(options.onWait ? { onWait: options.onWait } : {}),
        })
    dialect = lease.dialect
    release = () => lease.close()
    location = lease.description
  }
  const db = new Kysely<DB>({ dialect, log: statements.record })
  let closed = false
  return {
    domain,
    db,
    engine: url ? 'postgres' : 'pglite',
    location,
    statements,
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      await release()
    },
  }
}
