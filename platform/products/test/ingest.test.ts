// Loading a team's files into a domain table, on the real engines: every row checked against
// the table's contract and the product's row rules, all or nothing unless a reject file
// takes the bad rows, and each load recorded in the governance store.
import customers from '@datamesh/customers'
import type { GovernanceDatabase } from '@datamesh/governance'
import { openGovernanceStore } from '@datamesh/governance'
import { migrateToLatest, openDomainDatabase, RecordError, type DomainDatabase, type OpenDatabaseOptions } from '@datamesh/kit'
import { sharedTestDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { sql } from 'kysely'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ingestFile, IngestError, loadProducts, recentProductLoads, type IngestOptions } from '../src/index.js'

const folder = mkdtempSync(join(tmpdir(), 'datamesh-ingest-'))
const products = loadProducts(['customers'])
let domainDatabase: TestDatabase
let governanceDatabase: TestDatabase
/** Held open all along, as a running customers service and gateway would: ingest goes through them. */
let held: DomainDatabase<any>
let heldStore: DomainDatabase<GovernanceDatabase>

const HEADER = 'id,name,email,phone,birth_date,country,segment,marketing_consent'
const row = (id: number, overrides: Partial<Record<'name' | 'email' | 'country' | 'segment' | 'birth_date', string>> = {}) =>
  [id, overrides.name ?? `Customer ${id}`, overrides.email ?? `c${id}@example.com`, '', overrides.birth_date ?? '1980-01-31', overrides.country ?? 'DE', overrides.segment ?? 'CONSUMER', 'true'].join(',')

function file(name: string, lines: readonly string[]): string {
  const path = join(folder, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

const ingest = (options: Omit<IngestOptions, 'domain' | 'table' | 'database' | 'governance' | 'products'> & { table?: string }) =>
  ingestFile({ domain: customers, table: 'customers', products, database: domainDatabase.options, governance: governanceDatabase.options, ...options })

async function snapshot(table = 'customers'): Promise<{ count: number; checksum: string }> {
  const { rows } = await sql<{ count: string | number; checksum: string | null }>`
    select count(*) as count, md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as checksum from ${sql.table(table)} t`.execute(held.db)
  return { count: Number(rows[0]?.count), checksum: rows[0]?.checksum ?? '' }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('the load did not fail')
}

beforeAll(async () => {
  domainDatabase = sharedTestDatabase('customers')
  governanceDatabase = sharedTestDatabase('governance')
  held = await openDomainDatabase('customers', { ...domainDatabase.options, role: 'service' } as OpenDatabaseOptions)
  await migrateToLatest(held.db, customers.migrations)
  heldStore = await openGovernanceStore({ ...governanceDatabase.options, role: 'service' })
})

afterAll(async () => {
  await held?.close()
  await heldStore?.close()
  await domainDatabase?.drop()
  await governanceDatabase?.drop()
  rmSync(folder, { recursive: true, force: true })
})

beforeEach(async () => {
  await sql`truncate customers, addresses restart identity cascade`.execute(held.db)
})

describe('datamesh ingest', () => {
  it('appends every row of a CSV file and moves the id sequence past them', async () => {
    const summary = await ingest({ file: file('customers.csv', [HEADER, row(1), row(2), row(3)]) })
    expect(summary).toMatchObject({ domain: 'customers', table: 'customers', productId: 'customers.profiles', mode: 'append', rowsLoaded: 3, rowsRejected: 0 })
    const rows = await held.db.selectFrom('customers').select(['id', 'email', 'marketing_consent', 'segment']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 1, email: 'c1@example.com', marketing_consent: true, segment: 'CONSUMER' },
      { id: 2, email: 'c2@example.com', marketing_consent: true, segment: 'CONSUMER' },
      { id: 3, email: 'c3@example.com', marketing_consent: true, segment: 'CONSUMER' },
    ])
    const next = await held.db.insertInto('customers').values({ name: 'New', email: 'new@example.com', country: 'DE', segment: 'CONSUMER' }).returning('id').executeTakeFirstOrThrow()
    expect(next.id).toBe(4)
  })

  it('aborts on the first bad row with its line, column and reason, and leaves the table as it was', async () => {
    await ingest({ file: file('before.csv', [HEADER, row(1), row(2)]) })
    const before = await snapshot()
    const error = await failure(ingest({ file: file('bad.csv', [HEADER, row(3), row(4), row(5, { segment: 'VIP' }), row(6)]) }))
    expect(error).toBeInstanceOf(RecordError)
    expect(error.message).toBe('bad.csv:4:segment: "VIP" is not one of CONSUMER, SMALL_BUSINESS, ENTERPRISE')
    expect(await snapshot()).toEqual(before)
    expect(before.count).toBe(2)
  })

  it('names the line and column of type, required and quality-rule errors', async () => {
    const cases: [string, string][] = [
      [row(1, { birth_date: '1980-02-30' }), 'types.csv:2:birth_date: "1980-02-30" is not a date (YYYY-MM-DD)'],
      [row(1, { name: '' }), 'types.csv:2:name: a value is required (the column is NOT NULL)'],
      [row(1, { country: 'DEU' }), 'types.csv:2:country: "DEU" is longer than 2 characters (character(2))'],
      [row(1, { email: 'not-an-email' }), 'types.csv:2:email: "not-an-email" does not match ^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$ (quality rule email-valid)'],
      ['x1,A,a@example.com,,,DE,CONSUMER,true', 'types.csv:2:id: "x1" is not a whole number (integer)'],
      ['1,A,a@example.com,,,DE,CONSUMER,maybe', 'types.csv:2:marketing_consent: "maybe" is not true or false'],
    ]
    for (const [line, message] of cases) expect((await failure(ingest({ file: file('types.csv', [HEADER, line]) }))).message).toBe(message)
    expect((await snapshot()).count).toBe(0)
  })

  it('refuses an unknown or a missing required column before loading any row', async () => {
    const unknown = await failure(ingest({ file: file('unknown.csv', ['name,email,country,segment,shoe_size', 'A,a@example.com,DE,CONSUMER,42']) }))
    expect(unknown.message).toMatch(/^unknown\.csv:1: "shoe_size" is not a column of customers; its columns are id, name, email/)
    const missing = await failure(ingest({ file: file('missing.csv', ['name,email,country', 'A,a@example.com,DE']) }))
    expect(missing.message).toBe('missing.csv:1: the file has no column segment, which customers requires')
    expect((await snapshot()).count).toBe(0)
  })

  it('lets the database fill generated columns left out of the file', async () => {
    await ingest({ file: file('short.csv', ['name,email,country,segment', 'A,a@example.com,DE,CONSUMER', 'B,b@example.com,FR,ENTERPRISE']) })
    const rows = await held.db.selectFrom('customers').select(['id', 'name', 'marketing_consent']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 1, name: 'A', marketing_consent: false },
      { id: 2, name: 'B', marketing_consent: false },
    ])
  })

  it('refuses a key repeated in the file or already in the table, naming both lines', async () => {
    await ingest({ file: file('first.csv', [HEADER, row(1)]) })
    const before = await snapshot()
    const repeated = await failure(ingest({ file: file('repeat.csv', [HEADER, row(2), row(3, { email: 'c2@example.com' })]) }))
    expect(repeated.message).toBe('repeat.csv:3:email: (email) = (c2@example.com) repeats line 2')
    const existing = await failure(ingest({ file: file('exists.csv', [HEADER, row(2), row(1, { email: 'other@example.com' })]) }))
    expect(existing.message).toBe('exists.csv:3:id: (id) = (1) already exists in customers')
    expect(await snapshot()).toEqual(before)
  })

  it('streams a clean file straight into the table in one pass, and reads it again only when the database refuses a row', async () => {
    const passes = (seen: Set<number>) => ({ onProgress: ({ pass }: { pass: number }) => void seen.add(pass) })
    const clean = new Set<number>()
    await ingest({ file: file('clean.csv', [HEADER, row(1), row(2)]), ...passes(clean) })
    expect([...clean]).toEqual([1])
    const refused = new Set<number>()
    const error = await failure(ingest({ file: file('refused.csv', [HEADER, row(3), row(2, { email: 'new@example.com' })]), ...passes(refused) }))
    expect(error.message).toBe('refused.csv:3:id: (id) = (2) already exists in customers')
    expect([...refused]).toEqual([1, 2])
    const upserted = new Set<number>()
    await ingest({ file: file('upsert.csv', [HEADER, row(2, { name: 'Two' })]), mode: 'upsert', ...passes(upserted) })
    expect([...upserted]).toEqual([1])
    expect((await snapshot()).count).toBe(2)
  })

  it('loads the good rows and writes the others, with line, column and reason, to a reject file', async () => {
    await ingest({ file: file('first.csv', [HEADER, row(1)]) })
    const rejectFile = join(folder, 'rejects.csv')
    const summary = await ingest({
      file: file('mixed.csv', [HEADER, row(2), row(3, { segment: 'VIP' }), row(4), row(1, { email: 'again@example.com' }), row(5, { email: 'c4@example.com' })]),
      rejectFile,
    })
    expect(summary).toMatchObject({ rowsLoaded: 2, rowsRejected: 3 })
    expect((await held.db.selectFrom('customers').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2, 4])
    const lines = readFileSync(rejectFile, 'utf8').trim().split('\n')
    expect(lines[0]).toBe(`line,column,reason,${HEADER}`)
    expect(lines[1]).toBe(`3,segment,"""VIP"" is not one of CONSUMER, SMALL_BUSINESS, ENTERPRISE",${row(3, { segment: 'VIP' })}`)
    expect(lines.slice(2).sort()).toEqual([
      '5,id,(id) = (1) already exists in customers,1,Customer 1,again@example.com,,1980-01-31,DE,CONSUMER,true',
      '6,email,(email) = (c4@example.com) repeats line 4,5,Customer 5,c4@example.com,,1980-01-31,DE,CONSUMER,true',
    ])
  })

  it('writes a JSON Lines reject file and reads JSON Lines sources', async () => {
    const rejectFile = join(folder, 'rejects.jsonl')
    const source = join(folder, 'customers.jsonl')
    writeFileSync(
      source,
      [
        { id: 1, name: 'A', email: 'a@example.com', country: 'DE', segment: 'CONSUMER', marketing_consent: true },
        { id: 2, name: 'B', email: 'b@example.com', country: 'DE', segment: 'NOBODY' },
      ].map((value) => JSON.stringify(value)).join('\n'),
    )
    const summary = await ingest({ file: source, rejectFile })
    expect(summary).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 })
    expect(JSON.parse(readFileSync(rejectFile, 'utf8'))).toEqual({
      line: 2,
      column: 'segment',
      reason: '"NOBODY" is not one of CONSUMER, SMALL_BUSINESS, ENTERPRISE',
      values: { id: 2, name: 'B', email: 'b@example.com', country: 'DE', segment: 'NOBODY' },
    })
  })

  it('upserts: updates the rows whose primary key exists and inserts the others', async () => {
    await ingest({ file: file('first.csv', [HEADER, row(1), row(2)]) })
    const summary = await ingest({ file: file('upsert.csv', [HEADER, row(2, { name: 'Renamed', segment: 'ENTERPRISE' }), row(3)]), mode: 'upsert' })
    expect(summary).toMatchObject({ mode: 'upsert', rowsLoaded: 2, rowsRejected: 0 })
    const rows = await held.db.selectFrom('customers').select(['id', 'name', 'segment']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 1, name: 'Customer 1', segment: 'CONSUMER' },
      { id: 2, name: 'Renamed', segment: 'ENTERPRISE' },
      { id: 3, name: 'Customer 3', segment: 'CONSUMER' },
    ])
    const clash = await failure(ingest({ file: file('clash.csv', [HEADER, row(3, { email: 'c1@example.com' })]), mode: 'upsert' }))
    expect(clash.message).toBe('clash.csv:2:email: (email) = (c1@example.com) already exists in customers')
  })

  it("replaces the table's rows with the file's, and refuses while another table refers to them", async () => {
    await ingest({ file: file('first.csv', [HEADER, row(1), row(2)]) })
    await ingest({ file: file('replace.csv', [HEADER, row(7), row(8)]), mode: 'replace' })
    expect((await held.db.selectFrom('customers').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([7, 8])
    await held.db.insertInto('addresses').values({ customer_id: 7, kind: 'SHIPPING', line1: '1 Main St', city: 'Berlin', postal_code: '10115', country: 'DE' }).execute()
    const before = await snapshot()
    const refused = await failure(ingest({ file: file('replace.csv', [HEADER, row(9)]), mode: 'replace' }))
    expect(refused).toBeInstanceOf(IngestError)
    expect(refused.message).toBe(
      'customers.customers: --mode replace would delete customers rows that addresses refers to (foreign key addresses_customer_id_fkey); empty addresses first, or load with --mode upsert',
    )
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a row whose foreign key names no row', async () => {
    await ingest({ file: file('first.csv', [HEADER, row(1)]) })
    const error = await failure(
      ingest({ table: 'addresses', file: file('addresses.csv', ['customer_id,kind,line1,city,postal_code,country', '1,BILLING,1 Main St,Berlin,10115,DE', '2,BILLING,2 Main St,Berlin,10115,DE']) }),
    )
    expect(error.message).toBe('addresses.csv:3:customer_id: (customer_id) = (2) names no row of customers')
    expect((await snapshot('addresses')).count).toBe(0)
  })

  it('records each load in the governance store with the file name, its sha256 and the rows', async () => {
    const path = file('recorded.csv', [HEADER, row(1), row(2, { segment: 'VIP' })])
    const summary = await ingest({ file: path, rejectFile: join(folder, 'recorded-rejects.jsonl') })
    expect(summary.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'))
    const [latest] = await recentProductLoads(heldStore.db, ['customers.profiles'], 1)
    expect(latest).toMatchObject({ productId: 'customers.profiles', domain: 'customers', table: 'customers', sourceFile: 'recorded.csv', sha256: summary.sha256, mode: 'append', rowsLoaded: 1, rowsRejected: 1 })
    expect(latest?.finishedAt.getTime()).toBe(summary.finishedAt.getTime())
  })

  it('loads a file larger than one batch, with a bad row past the first batches set aside', async () => {
    const rows = Array.from({ length: 12_000 }, (_, index) => row(index + 1, index === 11_500 ? { segment: 'VIP' } : {}))
    const rejectFile = join(folder, 'large-rejects.csv')
    const summary = await ingest({ file: file('large.csv', [HEADER, ...rows]), rejectFile })
    expect(summary).toMatchObject({ rowsLoaded: 11_999, rowsRejected: 1 })
    expect(readFileSync(rejectFile, 'utf8').split('\n')[1]).toMatch(/^11502,segment,/)
    const { rows: [last] } = await sql<{ id: number; email: string }>`select id, email from customers order by id desc limit 1`.execute(held.db)
    expect(last).toEqual({ id: 12_000, email: 'c12000@example.com' })
    expect((await snapshot()).count).toBe(11_999)
  })

  it('opens the embedded database itself when no service holds it', async () => {
    if (held.engine !== 'pglite') return
    await held.close()
    try {
      const summary = await ingest({ file: file('alone.csv', [HEADER, row(1), row(2)]) })
      expect(summary.rowsLoaded).toBe(2)
    } finally {
      held = await openDomainDatabase('customers', { ...domainDatabase.options, role: 'service' } as OpenDatabaseOptions)
    }
    expect((await snapshot()).count).toBe(2)
  })
})
