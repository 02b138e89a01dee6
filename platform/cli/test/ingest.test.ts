// `datamesh ingest` run as a user runs it: a file into the customers table of a temporary
// data directory (or throwaway databases on the PostgreSQL server), then `datamesh quality`
// over what was loaded.
import { openDomainDatabase, type OpenDatabaseOptions } from '@datamesh/kit'
import { testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { sql } from 'kysely'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCliInProcess } from './run-cli.js'

const folder = mkdtempSync(join(tmpdir(), 'datamesh-ingest-cli-'))
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL')))
const server = process.env.DATABASE_URL ? { customers: testDatabase('customers'), governance: testDatabase('governance') } : undefined
const urlOf = (database: TestDatabase) => database.options.url as string
const env: NodeJS.ProcessEnv = server
  ? { ...inherited, CUSTOMERS_DATABASE_URL: urlOf(server.customers), GOVERNANCE_DATABASE_URL: urlOf(server.governance), LOG_LEVEL: 'warn' }
  : { ...inherited, DATAMESH_DATA_DIR: join(folder, 'data'), LOG_LEVEL: 'warn' }
const customersDatabase: OpenDatabaseOptions = server ? { url: urlOf(server.customers) } : { dataDirectory: join(folder, 'data'), env: {} }

const HEADER = 'id,name,email,phone,birth_date,country,segment,marketing_consent'
const customer = (id: number, segment = 'CONSUMER') => `${id},Customer ${id},c${id}@example.com,+49 30 ${id},1980-01-31,DE,${segment},true`

function file(name: string, lines: readonly string[]): string {
  const path = join(folder, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function customers(): Promise<{ count: number; checksum: string }> {
  const database = await openDomainDatabase('customers', customersDatabase)
  try {
    const { rows } = await sql<{ count: string | number; checksum: string }>`
      select count(*) as count, md5(coalesce(string_agg(c::text, '|' order by c.id), '')) as checksum from customers c`.execute(database.db)
    return { count: Number(rows[0]?.count), checksum: rows[0]?.checksum ?? '' }
  } finally {
    await database.close()
  }
}

afterAll(async () => {
  await server?.customers.drop()
  await server?.governance.drop()
  rmSync(folder, { recursive: true, force: true })
})

describe('datamesh ingest', () => {
  it('loads a file and says how many rows it loaded, rejected, and in what time', async () => {
    const run = await runCliInProcess(['ingest', 'customers.customers', file('customers.csv', [HEADER, customer(1), customer(2), customer(3)])], env)
    expect(run.stderr).not.toMatch(/warning/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^customers\.customers: 3 rows loaded \(append\), 0 rows rejected in \d+\.\d s, [\d,]+ rows\/s; recorded as a load of customers\.profiles\n$/)
    expect((await customers()).count).toBe(3)
  })

  it('aborts on a bad row with one line naming file, line, column and reason, and exit code 1', async () => {
    const before = await customers()
    const run = await runCliInProcess(['ingest', 'customers.customers', file('bad.csv', [HEADER, customer(4), customer(5, 'VIP')])], env)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n').at(-1)).toBe('datamesh ingest: bad.csv:3:segment: "VIP" is not one of CONSUMER, SMALL_BUSINESS, ENTERPRISE; nothing was loaded')
    expect(await customers()).toEqual(before)
  })

  it('loads the good rows and writes the bad ones to the reject file', async () => {
    const rejects = join(folder, 'rejects.jsonl')
    const run = await runCliInProcess(['ingest', 'customers.customers', file('mixed.csv', [HEADER, customer(4), customer(5, 'VIP'), customer(1)]), '--reject-file', rejects], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^customers\\.customers: 1 row loaded \\(append\\), 2 rows rejected \\(written to ${rejects.replaceAll('.', '\\.')}\\) in `))
    expect(readFileSync(rejects, 'utf8').trim().split('\n').map((line) => JSON.parse(line)).map(({ line, column, reason }) => ({ line, column, reason }))).toEqual([
      { line: 3, column: 'segment', reason: '"VIP" is not one of CONSUMER, SMALL_BUSINESS, ENTERPRISE' },
      { line: 4, column: 'id', reason: '(id) = (1) already exists in customers' },
    ])
    expect((await customers()).count).toBe(4)
  })

  it('upserts, and `datamesh quality` measures the loaded product afterwards', async () => {
    const run = await runCliInProcess(['ingest', 'customers.customers', file('upsert.csv', [HEADER, customer(4, 'ENTERPRISE'), customer(6)]), '--mode', 'upsert'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^customers\.customers: 2 rows loaded \(upsert\)/)
    expect((await customers()).count).toBe(5)
    const quality = await runCliInProcess(['quality', 'customers.profiles'], env)
    expect(quality.code, quality.stdout + quality.stderr).toBe(0)
    expect(quality.stdout).toMatch(/^customers\.profiles\s+email-unique\s+error\s+0 rows\s+mustBe 0\s+PASS/m)
  })

  it('refuses an unknown table and a platform subgraph in one line', async () => {
    const path = file('any.csv', [HEADER, customer(9)])
    const table = await runCliInProcess(['ingest', 'customers.clients', path], env)
    expect(table.code).toBe(1)
    expect(table.stderr.trim()).toBe('datamesh ingest: customers.clients: no table "clients"; the tables are addresses, customers; nothing was loaded')
    const platform = await runCliInProcess(['ingest', 'marketplace.product_loads', path], env)
    expect(platform.code).toBe(2)
    expect(platform.stderr.trim()).toBe('datamesh ingest: marketplace is a platform subgraph: it has no tables of its own to load (datamesh ingest --help)')
  })
})
