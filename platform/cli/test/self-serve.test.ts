// The self-serve path in a temporary copy of the repository: `domain new` from a CSV with
// personal data and a reference to customers writes a package that type-checks, lints and
// passes its own tests, and `check` passes, then fails after a breaking change without a
// major version bump. The running mesh taking the domain is tested on its own
// (gateway/test/supergraph-reload.test.ts, platform/cli/test/supervisor.test.ts), and ingest
// in platform/products/test/ingest.test.ts and platform/cli/test/ingest.test.ts.
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePaymentsCsv } from '../../scaffold/test/payments-fixture.js'
import { copyRepository, type RepositoryCopy } from './repository-copy.js'
import { runCli, type CliResult } from './run-cli.js'

const ROWS = 1_000
const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', NO_COLOR: '1', FORCE_COLOR: '0' }
delete env.DATAMESH_HOME
let repository: RepositoryCopy
let csv: string

/** The copy's own binary, which finds the copy as its repository. */
const cli = (args: readonly string[], timeout = 300_000): Promise<CliResult> =>
  runCli(args, env, { bin: join(repository.root, 'platform/cli/bin/datamesh.js'), cwd: repository.root, timeout })

beforeAll(async () => {
  repository = await copyRepository('self-serve', 'the mesh before the payments domain')
  csv = `${repository.root}-payments.csv`
  writePaymentsCsv(csv, ROWS)
}, 120_000)

afterAll(async () => {
  await repository?.remove()
  if (csv) rmSync(csv, { force: true })
})

describe('from a data file to a governed product', () => {
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
