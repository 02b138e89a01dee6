import { sql } from 'kysely'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createErrorFormatter, defineDomain, openDomainDatabase, seedDomain, migrateToLatest, migrationStatus, migrateDown, type DomainDatabase } from '../src/index.js'
import { serverDatabaseUrl } from '../src/database/postgres-server.js'
import { seedState } from '../src/seed/seed-domain.js'
import { testDatabase } from '../src/testing/index.js'

const migrations = {
  '0001_notes': {
    up: (db: any) => db.schema.createTable('notes').addColumn('id', 'serial', (col: any) => col.primaryKey()).addColumn('body', 'text', (col: any) => col.notNull()).execute(),
    down: (db: any) => db.schema.dropTable('notes').execute(),
  },
}

function notesDomain(failAfter?: number) {
  return defineDomain<any, unknown>({
    name: 'notes',
    description: 'Notes, for testing the kit.',
    port: 4999,
    typeDefs: { kind: 'Document', definitions: [] } as never,
    resolvers: {},
    migrations,
    createLoaders: () => ({}),
    seed: {
      tables: ['notes'],
      async run(_db, { world, insert }) {
        function* notes() {
          for (let id = 1; id <= world.customerCount; id++) {
            if (failAfter !== undefined && id > failAfter) throw new Error('the generator broke')
            yield { id, body: `note ${id}` }
          }
        }
        await insert('notes', notes(), world.customerCount)
      },
    },
  })
}

const target = testDatabase('notes')
let database: DomainDatabase<any>

beforeAll(async () => {
  database = await openDomainDatabase('notes', target.options)
})
afterAll(async () => {
  await database?.close()
  await target.drop()
})

describe('a domain database', () => {
  it('applies, lists and reverts frozen migrations', async () => {
    expect(await migrateToLatest(database.db, migrations)).toEqual(['0001_notes'])
    expect(await migrateToLatest(database.db, migrations)).toEqual([])
    expect(await migrationStatus(database.db, migrations)).toEqual({ applied: ['0001_notes'], pending: [] })
    expect(await migrateDown(database.db, migrations)).toEqual(['0001_notes'])
    expect(await migrationStatus(database.db, migrations)).toEqual({ applied: [], pending: ['0001_notes'] })
    await migrateToLatest(database.db, migrations)
  })

  it('commits a transaction as a whole and rolls it back as a whole', async () => {
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ body: 'kept' }).execute()
    })
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ body: 'dropped' }).execute()
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const bodies = await database.db.selectFrom('notes').select('body').execute()
    expect(bodies.map((row) => row.body)).toEqual(['kept'])
  })

  it('keeps other queries out of a transaction until it ends', async () => {
    let outside: string[] | undefined
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ body: 'pending' }).execute()
      void database.db.selectFrom('notes').select('body').execute().then((rows) => (outside = rows.map((row) => row.body)))
      await new Promise((resolve) => setTimeout(resolve, 50))
      await trx.deleteFrom('notes').where('body', '=', 'pending').execute()
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(outside).toEqual(['kept'])
  })

  it('seeds deterministically and records the seed', async () => {
    const report = await seedDomain(notesDomain(), database.db, { scale: 0.02, seed: 7 })
    expect(report.rows).toEqual({ notes: 20 })
    expect(await seedState(database.db)).toMatchObject({ scale: 0.02, seed: 7 })
    await database.db.insertInto('notes').values({ body: 'after the seed' }).execute()
    const last = await database.db.selectFrom('notes').select(['id']).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(last.id).toBe(21)
  })

  it('loses nothing when a seed fails half-way', async () => {
    const before = await database.db.selectFrom('notes').selectAll().orderBy('id').execute()
    await expect(seedDomain(notesDomain(5), database.db, { scale: 0.1, seed: 7 })).rejects.toThrow('the generator broke')
    expect(await database.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before)
    expect(await seedState(database.db)).toMatchObject({ scale: 0.02, seed: 7 })
  })

  it('counts every statement it runs', async () => {
    const before = database.statements.count
    const seen: string[] = []
    const stop = database.statements.watch((text) => seen.push(text))
    await sql`select 1`.execute(database.db)
    await database.db.selectFrom('notes').selectAll().execute()
    stop()
    expect(database.statements.count - before).toBe(2)
    expect(seen).toEqual(['select 1', 'select * from "notes"'])
  })
})

describe('an embedded database shared between processes', () => {
  it('lets the borrower outlive the owner: a connection it holds fails its next query instead of crashing the process', async () => {
    // What a stopping mesh does: the domain owning the data directory stops before the
    // gateway, which still holds a connection to it over the socket.
    const dataDirectory = mkdtempSync(join(tmpdir(), 'datamesh-share-'))
    const env = { ...process.env }
    delete env.DATABASE_URL
    const owner = await openDomainDatabase<any>('notes', { dataDirectory, env, role: 'service' })
    const borrower = await openDomainDatabase<any>('notes', { dataDirectory, env, role: 'cli' })
    const held = borrower.db.connection().execute(async (db) => {
      await sql`select 1`.execute(db)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return sql`select 1`.execute(db)
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await owner.close()
    await expect(held).rejects.toThrow()
    await borrower.close().catch(() => undefined)
  })
})

describe('choosing the database', () => {
  it('uses the embedded default without DATABASE_URL', () => {
    expect(serverDatabaseUrl('orders', {})).toBeUndefined()
  })

  it('derives datamesh_<domain> from DATABASE_URL', () => {
    expect(serverDatabaseUrl('orders', { DATABASE_URL: 'postgres://app:secret@db.internal:5432/postgres?sslmode=require' })).toBe(
      'postgres://app:secret@db.internal:5432/datamesh_orders?sslmode=require',
    )
  })

  it('lets <DOMAIN>_DATABASE_URL override it for one domain', () => {
    const env = { DATABASE_URL: 'postgres://h/postgres', ORDERS_DATABASE_URL: 'postgres://other/sales' }
    expect(serverDatabaseUrl('orders', env)).toBe('postgres://other/sales')
    expect(serverDatabaseUrl('catalog', env)).toBe('postgres://h/datamesh_catalog')
  })

  it.skipIf(!process.env.DATABASE_URL)('creates the database on the server when it is missing', async () => {
    const probe = testDatabase('probe')
    const opened = await openDomainDatabase('probe', probe.options)
    try {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(opened.db)
      expect(rows[0]?.name).toMatch(/^datamesh_test_probe_[0-9a-f]{8}$/)
      expect(opened.engine).toBe('postgres')
    } finally {
      await opened.close()
      await probe.drop()
    }
  })
})

describe('statements that run too long', () => {
  // Embedded PGlite cannot interrupt a running statement (WebAssembly Postgres has no timer
  // signals); there the gateway's limits bound what a request can ask instead.
  it.skipIf(!process.env.DATABASE_URL)('are stopped by statement_timeout on a PostgreSQL server and reported as TIMEOUT, not as an internal error', async () => {
    const test = testDatabase('timeout')
    const database = await openDomainDatabase('timeout', { ...test.options, statementTimeoutMs: 200 })
    try {
      const error = await sql`select pg_sleep(5)`.execute(database.db).then(
        () => undefined,
        (failure: unknown) => failure,
      )
      expect((error as { code?: string }).code).toBe('57014')
      const format = createErrorFormatter(pino({ level: 'silent' }), { NODE_ENV: 'production' })
      const formatted = format({ message: (error as Error).message, path: ['customers'] }, error)
      expect(formatted).toEqual({ message: 'the domain stopped a statement that ran past its statement_timeout', path: ['customers'], extensions: { code: 'TIMEOUT' } })
      // The same connection answers the next statement.
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]?.one).toBe(1)
    } finally {
      await database.close()
      await test.drop()
    }
  })
})
