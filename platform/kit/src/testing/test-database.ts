// A throwaway database per test: embedded PGlite in memory, or, when DATABASE_URL names a
// PostgreSQL server, a uniquely named database on it that is dropped afterwards.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dropDatabase, withDatabase } from '../database/postgres-server.js'
import type { OpenDatabaseOptions } from '../database/open-database.js'

export interface TestDatabase {
  readonly options: OpenDatabaseOptions
  drop(): Promise<void>
}

export function testDatabase(domain: string, env: NodeJS.ProcessEnv = process.env): TestDatabase {
  if (!env.DATABASE_URL) return { options: { memory: true }, drop: async () => undefined }
  const url = withDatabase(env.DATABASE_URL, `datamesh_test_${domain}_${randomBytes(4).toString('hex')}`)
  return { options: { url }, drop: () => dropDatabase(url) }
}

/**
 * A throwaway database that several services of one test open together (the governance
 * store, read by the gateway and by the catalog): embedded PGlite in a temporary
 * directory, shared the way the mesh shares it, or a database on the PostgreSQL server.
 */
export function sharedTestDatabase(name: string, env: NodeJS.ProcessEnv = process.env): TestDatabase {
  if (env.DATABASE_URL) return testDatabase(name, env)
  const directory = mkdtempSync(join(tmpdir(), `datamesh-${name}-`))
  return { options: { dataDirectory: directory, role: 'service' }, drop: async () => rmSync(directory, { recursive: true, force: true }) }
}
