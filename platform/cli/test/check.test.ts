// `datamesh check` run as a domain's CI runs it: the real binary, in a copy of the
// repository with a git history of its own (DATAMESH_HOME points the kit at it), through a
// breaking change refused without a major version bump and accepted with one after a dated
// deprecation. The copy's catalog tests are one tiny test, so `tests` runs without
// re-running the suite this test is part of. Everything here runs on embedded databases
// whatever DATABASE_URL says, so the PostgreSQL pass of the suite does not repeat it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRepository, type RepositoryCopy } from './repository-copy.js'
import { runCli, runCliInProcess } from './run-cli.js'

const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL') && name !== 'GATEWAY_PORT' && name !== 'DATAMESH_GATEWAY_URL'))
let repository: RepositoryCopy
let copy: string
let env: NodeJS.ProcessEnv
const git = (...args: string[]) => repository.git(...args)
const LONG = { timeout: 300_000 }

/** Rewrites a file of the copy. */
function edit(path: string, change: (text: string) => string): void {
  const file = join(copy, path)
  const before = readFileSync(file, 'utf8')
  const after = change(before)
  if (after === before) throw new Error(`the edit changed nothing in ${path}`)
  writeFileSync(file, after)
}

/** Regenerates schemas/ and contracts/ in the copy, as a developer does before committing. */
async function regenerate(): Promise<void> {
  for (const args of [['compose'], ['contract', 'export', '--all']]) {
    const { code, stderr } = await runCli(args, env)
    expect(code, stderr).toBe(0)
  }
}

/** The summary table's rows: check → [status, detail]. */
function rowsOf(stdout: string): Record<string, [string, string]> {
  const lines = stdout.split('\n')
  const header = lines.findIndex((line) => /^check +status +detail +time$/.test(line))
  expect(header, stdout).toBeGreaterThanOrEqual(0)
  return Object.fromEntries(
    lines
      .slice(header + 1)
      .filter((line) => /^[a-z]+ +(PASS|FAIL|SKIP) /.test(line))
      .map((line) => {
        const [check, status, detail] = line.split(/ {2,}/)
        return [check, [status, detail]]
      }),
  )
}

const CITY = '  city: String!\n'
const DEPRECATED_CITY = '  city: String! @deprecated(reason: "use postalCode; removed after 2026-06-30")\n'

afterAll(() => repository?.remove())

describe.skipIf(Boolean(process.env.DATABASE_URL))('datamesh check', () => {
  beforeAll(async () => {
    repository = await copyRepository('check')
    copy = repository.root
    env = { ...inherited, DATAMESH_HOME: copy, DATAMESH_DATA_DIR: join(copy, '.data'), LOG_LEVEL: 'warn' }
    rmSync(join(copy, 'subgraphs', 'catalog', 'test'), { recursive: true })
    mkdirSync(join(copy, 'subgraphs', 'catalog', 'test'))
    writeFileSync(join(copy, 'subgraphs', 'catalog', 'test', 'tiny.test.ts'), "import { expect, it } from 'vitest'\nit('adds up', () => expect(1 + 1).toBe(2))\n")
    await git('add', '-A')
    await git('commit', '-q', '-m', 'the catalog tests as one tiny test')
  }, 120_000)

  it('passes on the repository: composition, generated files, contracts, quality on demo data and the domain tests', LONG, async () => {
    const { code, stdout, stderr } = await runCli(['check', '--domain', 'catalog'], env)
    expect(code, `${stdout}\n${stderr}`).toBe(0)
    const rows = rowsOf(stdout)
    expect(Object.keys(rows)).toEqual(['compose', 'generated', 'contract', 'quality', 'tests'])
    expect(rows.compose).toEqual(['PASS', '6 subgraphs composed; governance lint and product descriptors pass'])
    expect(rows.generated).toEqual(['PASS', 'schemas/ (8 files) and contracts/ (7 contracts) up to date'])
    expect(rows.contract).toEqual(['PASS', 'no breaking changes against HEAD'])
    expect(rows.quality).toEqual(['PASS', '5/5 rules of 1 product passed on demo data (scale 0.05)'])
    expect(rows.tests).toEqual(['PASS', 'Test Files 1 passed (1) · Tests 1 passed (1)'])
    expect(stdout).toMatch(/check passed \(base HEAD\)\n$/)
    expect(stderr).toContain('check quality ...\n')
    expect(stderr).toContain('  vitest run subgraphs/catalog/test\n')
  })

  it('refuses a removed field without a major version bump, and accepts it with one after a dated deprecation', LONG, async () => {
    // The base: Address.city deprecated with a date. Until schemas/ and contracts/ are regenerated, they are stale.
    edit('subgraphs/customers/schema.graphql', (sdl) => sdl.replace(CITY, DEPRECATED_CITY))
    const stale = await runCli(['check', '--skip', 'quality,tests'], env)
    expect(stale.code).toBe(1)
    expect(rowsOf(stale.stdout).generated?.[0]).toBe('FAIL')
    expect(stale.stdout).toContain('  stale: schemas/customers.graphql, schemas/supergraph.graphql; run `npx datamesh compose` and commit the result\n')
    expect(stale.stdout).toMatch(/check failed: generated\n$/)
    await regenerate()
    await git('commit', '-q', '-am', 'deprecate Address.city')

    // The change: Address.city removed and the generated files regenerated, the version not bumped.
    edit('subgraphs/customers/schema.graphql', (sdl) => sdl.replace(`  "City or town."\n${DEPRECATED_CITY}`, ''))
    await regenerate()
    const refused = await runCli(['check', '--skip', 'quality,tests'], env)
    expect(refused.code).toBe(1)
    expect(rowsOf(refused.stdout).contract).toEqual(['FAIL', '2 breaking changes against HEAD'])
    expect(rowsOf(refused.stdout).generated?.[0]).toBe('PASS')
    expect(refused.stdout).toContain("  BREAKING  Field 'city' (deprecated) was removed from object type 'Address'  [FIELD_REMOVED]\n")
    expect(refused.stdout).toContain('  BREAKING  customers.profiles: Address.city was removed  [property-removed]\n')
    expect(refused.stdout).toContain('            not accepted: customers.profiles needs a major version bump (it is still 1.2.0)\n')
    expect(refused.stdout).toMatch(/check failed: contract\n$/)

    // The major bump (the contracts carry the version): accepted, and the report says why.
    edit('subgraphs/customers/products/profiles.yaml', (yaml) => yaml.replace('version: 1.2.0', 'version: 2.0.0'))
    const exported = await runCli(['contract', 'export', '--all'], env)
    expect(exported.code, exported.stderr).toBe(0)
    const accepted = await runCli(['check', '--skip', 'quality,tests', '--json'], env)
    expect(accepted.code, accepted.stdout).toBe(0)
    const result = JSON.parse(accepted.stdout)
    expect(result).toMatchObject({ base: 'HEAD', passed: true })
    const contract = result.checks.find((row: { check: string }) => row.check === 'contract')
    expect(contract).toMatchObject({ status: 'pass', detail: '2 breaking changes against HEAD, all accepted' })
    expect(contract.report).toContain(
      "  accepted  Field 'city' (deprecated) was removed from object type 'Address'  [FIELD_REMOVED]: customers.profiles 1.2.0 → 2.0.0; Address.city was deprecated: \"use postalCode; removed after 2026-06-30\"",
    )
  })
})

describe('datamesh check, given bad input or --help', () => {
  it.each([
    [['check', '--skip', 'lint'], 'datamesh check: unknown check "lint"; the checks are compose, generated, contract, quality, tests (datamesh check --help)'],
    [['check', '--quality-data', 'prod'], 'datamesh check: --quality-data must be demo or configured, got "prod" (datamesh check --help)'],
    [['check', '--domain', 'billing'], expect.stringMatching(/^datamesh check: unknown domain billing; the domains are .*customers.* \(datamesh check --help\)$/)],
    [['check', '--base', 'no-such-ref-anywhere'], expect.stringMatching(/^datamesh check: --base: "no-such-ref-anywhere" is not a commit of the repository at .* \(datamesh check --help\)$/)],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stdout, stderr } = await runCliInProcess(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trimEnd()).toEqual(line)
  })

  it('explains each check with --help', async () => {
    const { code, stdout } = await runCliInProcess(['check', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: datamesh check \[--base <git-ref>\]/)
    for (const name of ['compose', 'generated', 'contract', 'quality', 'tests']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
  })
})
