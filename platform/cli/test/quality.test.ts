// `datamesh quality` run as a user runs it: the real binary, over embedded databases in a
// temporary data directory seeded by `datamesh seed`, with no database server configured.
import { openGovernanceStore } from '@datamesh/governance'
import { openDomainDatabase } from '@datamesh/kit'
import { latestQualityResults } from '@datamesh/products'
import { sql } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliInProcess } from './run-cli.js'

const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-quality-'))
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL')))
const env = { ...inherited, DATAMESH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
/** The demo domains' products and how many rules they have. */
const DEMO = { 'customers.profiles': 6, 'catalog.products': 5, 'orders.orders': 5, 'fulfillment.inventory': 3, 'fulfillment.shipments': 3 }
const DEMO_IDS = Object.keys(DEMO)
const DEMO_RULES = Object.values(DEMO).reduce((sum, count) => sum + count, 0)

/** Runs SQL in a domain's embedded database of the temporary data directory. */
async function change(domain: string, statement: string): Promise<void> {
  const database = await openDomainDatabase(domain, { dataDirectory: dataDir, env: {} })
  try {
    await sql.raw(statement).execute(database.db)
  } finally {
    await database.close()
  }
}

/** The table line of a rule: product, rule, severity, measured, expectation, result, ms. */
function lineOf(stdout: string, product: string, rule: string): string[] {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${product} `) && candidate.split(/\s{2,}/)[1] === rule)
  if (!line) throw new Error(`no line for ${product} ${rule} in:\n${stdout}`)
  return line.split(/\s{2,}/)
}

beforeAll(async () => {
  const seeded = await runCliInProcess(['seed', '--scale', '0.05'], env)
  expect(seeded.code, seeded.stderr).toBe(0)
}, 180_000)

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('datamesh quality', () => {
  it('measures every rule of the named products, prints a table and a summary, records the run and exits 0', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runCli(['quality', ...DEMO_IDS], env)
    expect(code, stderr).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^product +rule +severity +measured +expectation +result +ms$/)
    expect(lineOf(stdout, 'customers.profiles', 'email-unique')).toEqual(['customers.profiles', 'email-unique', 'error', '0 rows', 'mustBe 0', 'PASS', expect.stringMatching(/^\d+$/)])
    expect(lineOf(stdout, 'customers.profiles', 'phone-mostly-known').slice(2, 6)).toEqual(['warning', expect.stringMatching(/^\d+\.\d\d %$/), 'mustBeLessThan 33', 'PASS'])
    expect(lineOf(stdout, 'catalog.products', 'not-empty').slice(3, 6)).toEqual(['10 rows', 'mustBeGreaterThan 0', 'PASS'])
    expect(lineOf(stdout, 'orders.orders', 'recent-orders').slice(2, 5)).toEqual(['warning', expect.stringMatching(/^\d+\.\d d$/), 'maxAge 60d'])
    // Every rule of severity error passes on the demo data.
    const rows = lines.slice(1, -1).map((line) => line.split(/\s{2,}/))
    expect(rows).toHaveLength(DEMO_RULES)
    expect(rows.filter((row) => row[2] === 'error' && row[5] !== 'PASS')).toEqual([])
    const summary = lines.at(-1) as string
    expect(summary).toMatch(new RegExp(`^5 products, ${DEMO_RULES} rules: \\d+ passed, \\d+ failed( \\(\\d+ warnings?\\))? in \\d+\\.\\d s; recorded as run [0-9a-f-]{36}$`))
    // Progress on stderr, one line per rule when stderr is not a terminal.
    expect(stderr).toContain('  customers.profiles email-unique ...\n')
    expect(stderr).toContain('  fulfillment.shipments recent-shipments ...\n')

    const runId = /recorded as run ([0-9a-f-]{36})$/.exec(summary)?.[1]
    const store = await openGovernanceStore({ dataDirectory: dataDir, env: {} })
    try {
      const latest = (await latestQualityResults(store.db)).filter((result) => result.runId === runId)
      expect(latest).toHaveLength(DEMO_RULES)
      expect(latest.find((result) => result.ruleId === 'email-unique')).toMatchObject({ productId: 'customers.profiles', productVersion: '1.2.0', measured: 0, passed: true, error: null })
    } finally {
      await store.close()
    }
  })

  it('exits 1 when a rule of severity error fails, naming it with what it measured', { timeout: 120_000 }, async () => {
    await change('catalog', 'update products set supplier_cost = list_price + 1 where id in (1, 2)')
    try {
      const { code, stdout } = await runCliInProcess(['quality', 'catalog.products'], env)
      expect(code).toBe(1)
      expect(lineOf(stdout, 'catalog.products', 'margin-positive').slice(2, 6)).toEqual(['error', '2 rows', 'mustBe 0', 'FAIL'])
      expect(stdout).toMatch(/^1 product, 5 rules: 4 passed, 1 failed \(1 error\) in \d+\.\d s; recorded as run /m)
    } finally {
      await change('catalog', 'update products set supplier_cost = list_price / 2 where id in (1, 2)')
    }
  })

  it('exits 0 when only warnings fail, and reports them', { timeout: 120_000 }, async () => {
    await change('customers', "update customers set country = 'BR' where id = 1")
    try {
      const { code, stdout } = await runCliInProcess(['quality', 'customers.profiles'], env)
      expect(code).toBe(0)
      expect(lineOf(stdout, 'customers.profiles', 'country-served').slice(2, 6)).toEqual(['warning', '1 row', 'mustBe 0', 'FAIL'])
      expect(stdout).toMatch(/^1 product, 6 rules: 5 passed, 1 failed \(1 warning\) in /m)
    } finally {
      await change('customers', "update customers set country = 'US' where id = 1")
    }
  })

  it('prints one JSON object per result with --json, and the summary on stderr', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runCliInProcess(['quality', 'fulfillment.inventory', '--json'], env)
    expect(code).toBe(0)
    const results = stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(results.map((result) => result.ruleId)).toEqual(['quantities-not-negative', 'counted-recently', 'not-empty'])
    expect(results[0]).toMatchObject({ productId: 'fulfillment.inventory', metric: 'invalidValues', severity: 'error', measured: 0, unit: 'rows', expectation: 'mustBe 0', passed: true, error: null })
    expect(results[1]).toMatchObject({ metric: 'freshness', unit: 'seconds', expectation: 'maxAge 60d' })
    expect(results[2].measured).toBeGreaterThan(0)
    expect(stderr).toMatch(/^1 product, 3 rules: .* recorded as run /m)
  })

  it('runs the rules of every product when none is named', { timeout: 120_000 }, async () => {
    const { stdout } = await runCliInProcess(['quality'], env)
    for (const id of DEMO_IDS) expect(stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')} `, 'm'))
    expect(stdout).toMatch(/^\d+ products, \d+ rules: \d+ passed, \d+ failed/m)
  })

  it('refuses an unknown product id with one clear line and exit code 2', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['quality', 'customers.profile'], env)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^datamesh quality: unknown product customers\.profile; the products are customers\.profiles, .*catalog\.products.* \(datamesh quality --help\)\n$/)
  })

  it('explains itself with --help', async () => {
    const { code, stdout } = await runCliInProcess(['quality', '--help'], env)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: datamesh quality \[<product-id>\.\.\.\] \[--json\]\n/)
    expect(stdout).toContain('--json')
  })
})
