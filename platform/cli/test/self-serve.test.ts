// The self-serve path in a temporary copy of the repository: `domain new` from a CSV with
// personal data and a reference to customers writes a package that type-checks, lints and
// passes its own tests, and `check` passes, then fails after a breaking change without a
// major version bump. The running mesh taking the domain is tested on its own
// (gateway/test/supergraph-reload.test.ts, platform/cli/test/supervisor.test.ts), and ingest
// in platform/products/test/ingest.test.ts and platform/cli/test/ingest.test.ts.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { repositoryRoot } from '@datamesh/kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePaymentsCsv } from '../../scaffold/test/payments-fixture.js'

const ROWS = 1_000
const copy = mkdtempSync(join(tmpdir(), 'datamesh-self-serve-'))
const csv = join(copy, '..', `${copy.split('/').pop()}-payments.csv`)
const bin = join(copy, 'platform/cli/bin/datamesh.js')
const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', NO_COLOR: '1', FORCE_COLOR: '0' }
delete env.DATAMESH_HOME

/** The tracked files of the repository, and its installed dependencies as hard links. */
function copyRepository(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repositoryRoot, encoding: 'utf8' }).split('\0').filter(Boolean)
  for (const file of files) {
    if (!existsSync(join(repositoryRoot, file))) continue
    mkdirSync(dirname(join(copy, file)), { recursive: true })
    cpSync(join(repositoryRoot, file), join(copy, file))
  }
  const modules = execFileSync('find', ['.', '-maxdepth', '3', '-name', 'node_modules', '-not', '-path', './node_modules/*'], { cwd: repositoryRoot, encoding: 'utf8' }).split('\n').filter(Boolean)
  for (const folder of modules) execFileSync('cp', ['-al', join(repositoryRoot, folder), join(copy, folder)])
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: copy, stdio: 'ignore' })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-qm', 'the mesh before the payments domain')
}

function cli(args: readonly string[], timeout = 240_000): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [bin, ...args], { cwd: copy, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] })
    return { code: 0, stdout, stderr: '' }
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string }
    return { code: failed.status ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

beforeAll(() => {
  copyRepository()
  writePaymentsCsv(csv, ROWS)
}, 120_000)

afterAll(() => {
  rmSync(copy, { recursive: true, force: true })
  rmSync(csv, { force: true })
})

describe('from a data file to a governed product', () => {
  let created: { code: number; stdout: string; stderr: string }

  it('creates the payments domain from the CSV, classifying its personal data', () => {
    created = cli(['domain', 'new', 'payments', '--from', csv, '--owner', 'Payments <payments@example.com>'], 300_000)
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/payer_email\s+text\s+required, pii, masked by email/)
    expect(created.stdout).toMatch(/card_number\s+text\s+required, pii, masked by last4/)
    expect(created.stdout).toMatch(/customer_id\s+integer\s+required, refers to Customer as customer/)
    expect(readFileSync(join(copy, 'subgraphs/payments/schema.graphql'), 'utf8')).toContain('payerEmail: String! @tag(name: "pii") @mask(strategy: "email")')
    expect(readFileSync(join(copy, 'docker-compose.yml'), 'utf8')).toContain('PAYMENTS_SUBGRAPH_URL: http://payments:4007/graphql')
  }, 300_000)

  it('writes a package that type-checks, lints and passes its own tests', () => {
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: copy, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 })
    run(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '-p', 'subgraphs/payments/tsconfig.json'])
    run(process.execPath, [join(copy, 'node_modules/eslint/bin/eslint.js'), 'subgraphs/payments'])
    expect(run(process.execPath, [join(copy, 'node_modules/vitest/vitest.mjs'), 'run', 'subgraphs/payments'])).toMatch(/Tests\s+4 passed/)
  }, 300_000)

  it('passes datamesh check, then fails it after a breaking change without a major version bump', () => {
    const passed = cli(['check', '--base', 'HEAD', '--skip', 'tests'], 300_000)
    expect(passed.code, `${passed.stdout}\n${passed.stderr}`).toBe(0)
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qam', 'payments', '--allow-empty'], { cwd: copy })
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A'], { cwd: copy })
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'the payments domain'], { cwd: copy })
    const schema = join(copy, 'subgraphs/payments/schema.graphql')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(/\n {2}"[^"\n]*"\n {2}cardNumber: [^\n]*/, ''))
    expect(cli(['compose']).code).toBe(0)
    const failed = cli(['check', '--base', 'HEAD', '--skip', 'tests', '--skip', 'quality'], 300_000)
    expect(failed.code).not.toBe(0)
    expect(`${failed.stdout}${failed.stderr}`).toContain('Payment.cardNumber')
  }, 600_000)
})
