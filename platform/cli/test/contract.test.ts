import { gatewayUrl } from '@datamesh/kit'
import { findBreakingChanges, validateOdcsContract } from '@datamesh/products'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { contractsDirectory, exportWorkingTreeContracts, readContractFiles, readStateAt, staleContractFiles } from '../src/mesh/contracts.js'
import { runCli, runCliInProcess } from './run-cli.js'

const scratch = mkdtempSync(join(tmpdir(), 'datamesh-contracts-'))
/** The servers entry of the committed contracts: the gateway's URL in the default environment. */
const DEFAULT_GATEWAY_URL = gatewayUrl({})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the committed contracts', () => {
  it('are what `datamesh contract export --all` writes (run it and commit contracts/ when this fails)', () => {
    expect(staleContractFiles(exportWorkingTreeContracts(DEFAULT_GATEWAY_URL))).toEqual([])
  })

  it('are valid ODCS v3.1.0 contracts, one per product', () => {
    const contracts = readContractFiles()
    expect(contracts.length).toBeGreaterThanOrEqual(5)
    for (const contract of contracts) expect(validateOdcsContract(contract), contract.id).toEqual([])
    expect(readdirSync(contractsDirectory).sort()).toEqual(contracts.map((contract) => `${contract.id}.odcs.yaml`).sort())
  })

  it('are reported stale when one differs, is missing, or belongs to no product', () => {
    const exported = exportWorkingTreeContracts(DEFAULT_GATEWAY_URL)
    const directory = join(scratch, 'stale')
    mkdirSync(directory)
    for (const { fileName, yaml } of exported) writeFileSync(join(directory, fileName), yaml)
    expect(staleContractFiles(exported, directory)).toEqual([])
    writeFileSync(join(directory, 'customers.profiles.odcs.yaml'), exported.find(({ fileName }) => fileName === 'customers.profiles.odcs.yaml')!.yaml.replace('required: true', 'required: false'))
    rmSync(join(directory, 'orders.orders.odcs.yaml'))
    writeFileSync(join(directory, 'billing.invoices.odcs.yaml'), 'kind: DataContract\n')
    expect(staleContractFiles(exported, directory)).toEqual(['billing.invoices.odcs.yaml', 'customers.profiles.odcs.yaml', 'orders.orders.odcs.yaml'])
  })
})

describe('datamesh contract export', () => {
  it('prints the contract of one product as ODCS YAML', async () => {
    const { code, stdout, stderr } = await runCli(['contract', 'export', 'customers.profiles'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const contract = parse(stdout)
    expect(contract).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', id: 'customers.profiles', servers: [{ server: 'gateway', type: 'api', location: 'http://localhost:4000/graphql' }] })
    expect(validateOdcsContract(contract)).toEqual([])
  })

  it('points the api server at the gateway GATEWAY_PORT moves, or at DATAMESH_GATEWAY_URL', async () => {
    const moved = await runCliInProcess(['contract', 'export', 'orders.orders'], { ...process.env, GATEWAY_PORT: '4100' })
    expect(moved.code).toBe(0)
    expect(parse(moved.stdout).servers[0].location).toBe('http://localhost:4100/graphql')
    const named = await runCliInProcess(['contract', 'export', 'orders.orders'], { ...process.env, GATEWAY_PORT: '4100', DATAMESH_GATEWAY_URL: 'https://data.example.com/graphql' })
    expect(parse(named.stdout).servers[0].location).toBe('https://data.example.com/graphql')
  })

  it('points the api server at --gateway-url', async () => {
    const { code, stdout } = await runCliInProcess(['contract', 'export', 'orders.orders', '--gateway-url', 'https://mesh.example.com/graphql'])
    expect(code).toBe(0)
    expect(parse(stdout).servers[0].location).toBe('https://mesh.example.com/graphql')
  })

  it('writes every product\'s contract with --all --out, and removes contracts of products that are gone', async () => {
    const directory = join(scratch, 'all')
    mkdirSync(directory)
    writeFileSync(join(directory, 'billing.invoices.odcs.yaml'), 'kind: DataContract\n')
    writeFileSync(join(directory, 'notes.md'), 'not a contract\n')
    const { code, stdout, stderr } = await runCliInProcess(['contract', 'export', '--all', '--out', directory])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const expected = exportWorkingTreeContracts(DEFAULT_GATEWAY_URL)
    expect(readdirSync(directory).sort()).toEqual([...expected.map(({ fileName }) => fileName), 'notes.md'].sort())
    for (const { fileName, yaml } of expected) {
      expect(stdout).toContain(`wrote ${directory}/${fileName}\n`)
      expect(readFileSync(join(directory, fileName), 'utf8')).toBe(yaml)
    }
    expect(stdout).toContain(`removed ${directory}/billing.invoices.odcs.yaml (no such product any more)\n`)
    expect(await runCliInProcess(['contract', 'export', '--all', '--out', directory, '--check'])).toMatchObject({ code: 0 })
    writeFileSync(join(directory, 'orders.orders.odcs.yaml'), 'kind: DataContract\n')
    const stale = await runCliInProcess(['contract', 'export', '--all', '--out', directory, '--check'])
    expect(stale.code).toBe(1)
    expect(stale.stderr).toBe(`stale: ${directory}/orders.orders.odcs.yaml; run \`npx datamesh contract export --all\` and commit the result\n`)
  })

  it('rejects an unknown product with one clear line and exit code 2', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['contract', 'export', 'nope'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^datamesh contract: unknown product nope; the products are [a-z., -]*customers\.profiles[a-z., -]* \(datamesh contract --help\)\n$/)
  })

  it.each([
    [['contract'], 'datamesh contract: missing argument; usage: datamesh contract export <product-id> | export --all [--out <dir>] [--check] | check [--base <git-ref>] (datamesh contract --help)'],
    [['contract', 'publish'], 'datamesh contract: unknown action "publish"; use export or check (datamesh contract --help)'],
    [['contract', 'export'], 'datamesh contract: name the product to export, or pass --all (datamesh contract --help)'],
    [['contract', 'export', 'customers.profiles', '--all'], 'datamesh contract: give a product id or --all, not both (datamesh contract --help)'],
    [['contract', 'export', 'customers.profiles', '--out', 'x'], 'datamesh contract: --out and --check go with --all (datamesh contract --help)'],
    [['contract', 'export', 'customers.profiles', '--gateway-url', 'localhost'], 'datamesh contract: --gateway-url must be an absolute URL such as http://localhost:4000/graphql, got "localhost" (datamesh contract --help)'],
    [['contract', 'check', 'customers.profiles'], 'datamesh contract: unexpected argument "customers.profiles" (datamesh contract --help)'],
    [['contract', 'check', '--all'], 'datamesh contract: --all, --out and --check are options of contract export, not of check (datamesh contract --help)'],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stdout, stderr } = await runCliInProcess(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`${line}\n`)
  })
})

describe('datamesh contract check', () => {
  it('rejects a --base that is not a commit with one clear line and exit code 2', async () => {
    const { code, stderr } = await runCliInProcess(['contract', 'check', '--base', 'no-such-ref-anywhere'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^datamesh contract: --base: "no-such-ref-anywhere" is not a commit of the repository at .* \(datamesh contract --help\)\n$/)
  })

  it('reads the committed supergraph and contracts at a revision, and finds what a later commit broke', () => {
    // A repository of its own: two commits, the second removing a product's contract.
    const repo = join(scratch, 'repo')
    mkdirSync(join(repo, 'schemas'), { recursive: true })
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' })
    git('init', '-q')
    cpSync(join(contractsDirectory, '..', 'schemas', 'supergraph.graphql'), join(repo, 'schemas', 'supergraph.graphql'))
    cpSync(contractsDirectory, join(repo, 'contracts'), { recursive: true })
    git('add', '.')
    git('commit', '-q', '-m', 'first')
    rmSync(join(repo, 'contracts', 'orders.orders.odcs.yaml'))
    git('commit', '-q', '-am', 'second')

    const first = readStateAt('HEAD~1', repo)
    const second = readStateAt('HEAD', repo)
    expect(first.supergraphSdl).toBe(readFileSync(join(repo, 'schemas', 'supergraph.graphql'), 'utf8'))
    expect(first.contracts.map((contract) => contract.id)).toEqual(readContractFiles().map((contract) => contract.id))
    expect(second.contracts.map((contract) => contract.id)).not.toContain('orders.orders')
    return findBreakingChanges(first, second).then((breaking) => {
      expect(breaking.map((change) => `${change.rule} ${change.where}`)).toEqual(['product-removed orders.orders'])
    })
  })

  it('compares the working tree with HEAD and ends with its verdict', async () => {
    // Others may be editing the working tree: the verdict may be either, but it is given.
    const { code, stdout, stderr } = await runCliInProcess(['contract', 'check', '--base', 'HEAD'])
    expect(stderr).toBe('')
    expect([0, 1]).toContain(code)
    expect(stdout).toMatch(code === 0 ? /no breaking changes against HEAD\n$/ : /\d+ breaking changes? against HEAD\n$/)
  })
})
