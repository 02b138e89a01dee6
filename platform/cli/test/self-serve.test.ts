// The self-serve path end to end, as a domain team walks it, in a temporary copy of the
// repository: with the mesh running (`datamesh start`), `domain new` from a CSV with
// personal data and a reference to customers, `ingest` of 10,000 rows, and the gateway
// serving the new domain next to customers without a restart, masked for an analyst and
// raw for support, with the catalog listing its owner, rules and the load; the generated
// package type-checks, lints and passes its own tests; `check` passes, then fails after a
// breaking change without a major version bump. Every command runs in a child process
// without blocking this worker: the mesh's output is read all along, so it never stalls on
// a full pipe.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { dropDatabase, withDatabase } from '@datamesh/kit'
import { freePort } from '@datamesh/kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePaymentsCsv } from '../../scaffold/test/payments-fixture.js'
import { copyRepository, type RepositoryCopy } from './repository-copy.js'
import { runCli, type CliResult } from './run-cli.js'

const ROWS = 10_000
/** The databases the services of this test open: the started domains', the new one's and the governance store. */
const STORES = ['customers', 'marketplace', 'catalog', 'payments', 'governance']
const suffix = Math.random().toString(36).slice(2, 8)
let repository: RepositoryCopy
let csv: string
let ports: Record<string, number>
/** The commands' environment; the mesh's adds the services' ports. */
const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', NO_COLOR: '1', FORCE_COLOR: '0' }
delete env.DATAMESH_HOME
let mesh: ChildProcess | undefined
let meshLog = ''


/** The copy's own binary, which finds the copy as its repository. */
const bin = () => join(repository.root, 'platform/cli/bin/datamesh.js')
const cli = (args: readonly string[], timeout = 300_000): Promise<CliResult> => runCli(args, env, { bin: bin(), cwd: repository.root, timeout })
const token = async (...args: string[]) => (await cli(['token', ...args])).stdout.trim()

async function gql(query: string, bearer?: string, purpose?: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(purpose ? { 'x-datamesh-purpose': purpose } : {}) },
    body: JSON.stringify({ query }),
  })
  return response.json()
}

/** The last answer a probe saw, told when it times out. */
let lastSeen: unknown

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch((error: unknown) => void (lastSeen = error))
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the last answer: ${JSON.stringify(lastSeen)}; the mesh said:\n${meshLog.split('\n').filter((line) => !line.includes('"level":30') || line.includes('payments')).join('\n').slice(-6000)}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

beforeAll(async () => {
  repository = await copyRepository('self-serve', 'the mesh before the payments domain')
  // Named as a team would name it: the table, its entity and its root field come from the file's name.
  csv = join(await mkdtemp(join(tmpdir(), 'datamesh-self-serve-data-')), 'payments.csv')
  writePaymentsCsv(csv, ROWS)
  ports = { gateway: await freePort(), customers: await freePort(), marketplace: await freePort(), catalog: await freePort(), payments: await freePort() }
  if (process.env.DATABASE_URL) {
    // Each database on the server named for this copy, so nothing is shared with other runs.
    for (const store of STORES) env[`${store.toUpperCase()}_DATABASE_URL`] = withDatabase(process.env.DATABASE_URL, `datamesh_e2e_${suffix}_${store}`)
  }
  const meshEnv = {
    ...env,
    GATEWAY_PORT: String(ports.gateway),
    CUSTOMERS_PORT: String(ports.customers),
    MARKETPLACE_PORT: String(ports.marketplace),
    CATALOG_PORT: String(ports.catalog),
    PAYMENTS_PORT: String(ports.payments),
  }
  mesh = spawn(process.execPath, [bin(), 'start', '--only', 'customers,marketplace,catalog,gateway'], { cwd: repository.root, env: meshEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  mesh.stdout!.on('data', (chunk) => (meshLog += chunk))
  mesh.stderr!.on('data', (chunk) => (meshLog += chunk))
  const analyst = await token('--sub', 'ana', '--role', 'analyst')
  await until('the gateway to answer customers', async () => ((await gql('{ customers(first: 1) { totalCount } }', analyst)).data?.customers ? true : undefined), 240_000)
}, 360_000)

afterAll(async () => {
  if (mesh && mesh.exitCode === null) {
    const stopped = new Promise((resolve) => mesh!.once('exit', resolve))
    mesh.kill('SIGTERM')
    await stopped
  }
  if (process.env.DATABASE_URL) for (const store of STORES) await dropDatabase(env[`${store.toUpperCase()}_DATABASE_URL`]!).catch(() => undefined)
  await repository?.remove()
  if (csv) rmSync(dirname(csv), { recursive: true, force: true })
}, 60_000)

describe('from a data file to a governed product, with the mesh running', () => {
  it('creates the payments domain from the CSV, classifying its personal data', async () => {
    const created = await cli(['domain', 'new', 'payments', '--from', csv, '--owner', 'Payments <payments@example.com>'])
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/payer_email\s+text\s+required, pii, masked by email/)
    expect(created.stdout).toMatch(/card_number\s+text\s+required, pii, masked by last4/)
    expect(created.stdout).toMatch(/customer_id\s+integer\s+required, refers to Customer as customer/)
    expect(readFileSync(join(repository.root, 'subgraphs/payments/schema.graphql'), 'utf8')).toContain('payerEmail: String! @tag(name: "pii") @mask(strategy: "email")')
    expect(readFileSync(join(repository.root, 'docker-compose.yml'), 'utf8')).toContain('PAYMENTS_SUBGRAPH_URL: http://payments:4007/graphql')
  }, 300_000)

  it('serves the new domain through the running gateway, without a restart', async () => {
    const analyst = await token('--sub', 'ana', '--role', 'analyst')
    const answer = await until(
      'the gateway to serve payments',
      async () => {
        const result = await gql('{ payments(first: 1) { totalCount } }', analyst)
        lastSeen = result
        return result.data?.payments ? result : undefined
      },
      180_000,
    )
    expect(answer.errors).toBeUndefined()
    expect(mesh!.exitCode).toBeNull()
  }, 200_000)

  it(`ingests ${ROWS.toLocaleString('en-US')} rows while the mesh runs, and the catalog records the load`, async () => {
    const loaded = await cli(['ingest', 'payments.payments', csv])
    expect(loaded.code, loaded.stderr).toBe(0)
    expect(loaded.stdout).toContain(`${ROWS.toLocaleString('en-US')} rows loaded`)
    const count = await gql('{ payments(first: 1) { totalCount } }', await token('--sub', 'ana', '--role', 'analyst'))
    expect(count.data.payments.totalCount).toBe(ROWS)
  }, 300_000)

  it('joins payments to their customers, masking personal data for an analyst and showing it raw for support', async () => {
    const query = '{ payments(first: 3) { edges { node { id payerEmail cardNumber amount status customer { id country } } } } }'
    const analyst = await gql(query, await token('--sub', 'ana', '--role', 'analyst'))
    expect(analyst.errors).toBeUndefined()
    const nodes = analyst.data.payments.edges.map((edge: any) => edge.node)
    expect(nodes.map((node: any) => node.id)).toEqual(['1', '2', '3'])
    for (const node of nodes) {
      expect(node.payerEmail).toMatch(/^[a-z]\*\*\*@example\.com$/)
      expect(node.cardNumber).toMatch(/^\*+\d{4}$/)
      expect(node.customer.id).toBe(String((Number(node.id) % 50) + 1))
      expect(node.customer.country).toMatch(/^[A-Z]{2}$/)
    }
    const support = await gql(query, await token('--sub', 'sam', '--role', 'support', '--scope', 'payments:pii:read', '--purpose', 'support'), 'support')
    expect(support.errors).toBeUndefined()
    expect(support.data.payments.edges[0].node.payerEmail).toBe('ben.kowalski1@example.com')
    expect(support.data.payments.edges[0].node.cardNumber).toMatch(/^\d{16}$/)
  }, 60_000)

  it('lists the product in the catalog with its owner, quality rules and the lineage of the load from the file', async () => {
    const result = await gql(
      '{ dataProduct(id: "payments.payments") { name owner { name contacts { email } } quality { rules { id } } loads { file rowsLoaded sha256 } lineage { sources { name table } } } }',
      await token('--sub', 'stella', '--role', 'steward'),
    )
    expect(result.errors).toBeUndefined()
    const product = result.data.dataProduct
    expect(product.owner).toEqual({ name: 'Payments', contacts: [{ email: 'payments@example.com' }] })
    expect(product.quality.rules.map((rule: any) => rule.id)).toContain('payments-payer-email-present')
    const file = csv.split('/').pop()
    expect(product.loads).toEqual([{ file, rowsLoaded: ROWS, sha256: createHash('sha256').update(readFileSync(csv)).digest('hex') }])
    expect(product.lineage.sources).toEqual([{ name: file, table: 'payments' }])
  }, 60_000)

  it('writes a package that type-checks, lints and passes its own tests', async () => {
    const node = async (script: string, ...args: string[]) =>
      (await promisify(execFile)(process.execPath, [join(repository.root, script), ...args], { cwd: repository.root, env, encoding: 'utf8', timeout: 240_000 })).stdout
    await node('node_modules/typescript/bin/tsc', '-p', 'subgraphs/payments/tsconfig.json')
    await node('node_modules/eslint/bin/eslint.js', 'subgraphs/payments')
    expect(await node('node_modules/vitest/vitest.mjs', 'run', 'subgraphs/payments')).toMatch(/Tests\s+4 passed/)
  }, 300_000)

  it('passes datamesh check, then fails it after a breaking change without a major version bump', async () => {
    const passed = await cli(['check', '--base', 'HEAD', '--skip', 'tests'])
    expect(passed.code, `${passed.stdout}\n${passed.stderr}`).toBe(0)
    await repository.git('add', '-A')
    await repository.git('commit', '-qm', 'the payments domain')
    const schema = join(repository.root, 'subgraphs/payments/schema.graphql')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(/\n {2}"[^"\n]*"\n {2}cardNumber: [^\n]*/, ''))
    expect((await cli(['compose'])).code).toBe(0)
    const failed = await cli(['check', '--base', 'HEAD', '--skip', 'tests', '--skip', 'quality'])
    expect(failed.code).not.toBe(0)
    expect(`${failed.stdout}${failed.stderr}`).toContain('Payment.cardNumber')
  }, 600_000)
})
