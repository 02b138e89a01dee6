// A domain on a PostgreSQL server: `<DOMAIN>_DATABASE_URL`, or `DATABASE_URL` with the
// database renamed to `datamesh_<domain>`. The database is created when missing.
import pg from 'pg'
import { typeParsers } from './type-parsers.js'

/** The connection string of a domain's own database, or undefined for the embedded default. */
export function serverDatabaseUrl(domain: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const specific = env[`${domain.toUpperCase()}_DATABASE_URL`]
  if (specific) return specific
  if (!env.DATABASE_URL) return undefined
  return withDatabase(env.DATABASE_URL, `datamesh_${domain}`)
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  if (!name) throw new Error(`the database URL ${redact(url)} names no database`)
  return name
}

/** The URL with its password replaced, for messages and logs. */
export function redact(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * Where a pool connects: a server's URL, or connection settings asked for again for each new
 * connection (an embedded database's socket, which can move when its owner restarts).
 */
export type PoolTarget = string | (() => pg.ClientConfig)

function clientFor(settings: () => pg.ClientConfig): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, ...settings() })
    }
  }
}

/** `statementTimeoutMs`: the server stops any statement of the pool's connections that runs longer. */
export function createPool(target: PoolTarget, max = 10, statementTimeoutMs?: number): pg.Pool {
  const timeout = statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}
  const pool =
    typeof target === 'string'
      ? new pg.Pool({ connectionString: target, max, types: pgTypes, ...timeout })
      : new pg.Pool({ max, types: pgTypes, Client: clientFor(target), ...timeout })
  // A client losing its server must not crash the process, idle or checked out between
  // queries (a PGlite owner stopping before this process does, at shutdown): the next query
  // reports it.
  pool.on('error', () => undefined)
  pool.on('connect', (client) => client.on('error', () => undefined))
  return pool
}

async function withMaintenanceClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Creates the URL's database unless it exists; safe when several processes race. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url)
  await withMaintenanceClient(url, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount) return
    try {
      await client.query(`create database ${quoteIdentifier(name)}`)
    } catch (error) {
      // 42P04 duplicate_database, 23505 when two creates race on pg_database's index
      const code = (error as { code?: string }).code
      if (code !== '42P04' && code !== '23505') throw error
    }
  })
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url)
  await withMaintenanceClient(url, (client) => client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`))
}
