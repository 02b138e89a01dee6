// `datamesh classify` over the demo domains seeded at small scale in throwaway databases
// (embedded in a temporary data directory, or on the PostgreSQL server DATABASE_URL names),
// held to the tags the subgraphs' SDL carries today: read from the files, not listed here.
import { dropDatabase, repositoryRoot, withDatabase } from '@datamesh/kit'
import { Kind, parse, type FieldDefinitionNode, type TypeNode } from 'graphql'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliInProcess } from './run-cli.js'

const DEMO_DOMAINS = ['customers', 'catalog', 'orders', 'fulfillment', 'analytics']
const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-classify-'))
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('DATABASE_URL')))
const serverUrl = process.env.DATABASE_URL
const suffix = randomBytes(4).toString('hex')
/** On a server, each domain gets a database of its own for this test, never the mesh's. */
const domainUrls = serverUrl ? Object.fromEntries(DEMO_DOMAINS.map((domain) => [`${domain.toUpperCase()}_DATABASE_URL`, withDatabase(serverUrl, `datamesh_test_classify_${domain}_${suffix}`)])) : {}
const env = { ...inherited, ...domainUrls, DATAMESH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }

interface Reported {
  domain: string
  field: string
  column: string | null
  classification: 'pii' | 'confidential'
  kind: string
  mask: string
  confidence: number
  evidence: string[]
  sdl: { classification: string | null; mask: string | null }
  status: 'tagged' | 'untagged' | 'differs'
}

interface DeclaredField {
  coordinate: string
  name: string
  valueType: string
  tags: string[]
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type)
}

function tagsOf(field: FieldDefinitionNode): string[] {
  return (field.directives ?? [])
    .filter((directive) => directive.name.value === 'tag')
    .flatMap((directive) => directive.arguments ?? [])
    .flatMap((argument) => (argument.value.kind === Kind.STRING ? [argument.value.value] : []))
}

/** Every field of every object type in subgraphs/<domain>/schema.graphql, with its tags. */
function declaredFields(): DeclaredField[] {
  const folder = join(repositoryRoot, 'subgraphs')
  return readdirSync(folder)
    .map((domain) => join(folder, domain, 'schema.graphql'))
    .filter((file) => existsSync(file))
    .flatMap((file) => parse(readFileSync(file, 'utf8')).definitions)
    .flatMap((definition) =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION
        ? (definition.fields ?? []).map((field) => ({ coordinate: `${definition.name.value}.${field.name.value}`, name: field.name.value, valueType: namedType(field.type), tags: tagsOf(field) }))
        : [],
    )
}

let reported: Reported[] = []

beforeAll(async () => {
  const seeded = await runCliInProcess(['seed', '--scale', '0.05'], env)
  expect(seeded.code, seeded.stderr).toBe(0)
  const classified = await runCliInProcess(['classify', '--json'], env)
  expect(classified.code, classified.stderr).toBe(0)
  reported = classified.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Reported)
}, 180_000)

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true })
  for (const url of Object.values(domainUrls)) await dropDatabase(url)
})

describe('datamesh classify', () => {
  it('finds, as pii, every field the demo domains tag pii today', () => {
    const tagged = declaredFields().filter((field) => field.tags.includes('pii'))
    expect(tagged.length).toBeGreaterThan(0)
    for (const field of tagged) {
      const finding = reported.find((candidate) => candidate.field === field.coordinate)
      expect(finding, `${field.coordinate} is tagged pii but was not found`).toMatchObject({ classification: 'pii', status: 'tagged' })
      // Found in the data, not just by name.
      expect(finding?.column, field.coordinate).not.toBeNull()
      expect(finding?.evidence.some((line) => /^[\d,]+ of [\d,]+ sampled values /.test(line)), field.coordinate).toBe(true)
    }
  })

  it('finds, as confidential, every field tagged confidential', () => {
    for (const field of declaredFields().filter((candidate) => candidate.tags.includes('confidential'))) {
      expect(reported.find((candidate) => candidate.field === field.coordinate), field.coordinate).toMatchObject({ classification: 'confidential' })
    }
  })

  it('proposes nothing on ids, prices, totals, quantities or any other number that is no cost', () => {
    const numeric = declaredFields().filter(
      (field) =>
        field.valueType === 'ID' ||
        /(^id|Id|Ids)$/.test(field.name) ||
        /price|total|quantity|count|stock/i.test(field.name) ||
        ((field.valueType === 'Int' || field.valueType === 'Float') && !/cost|salary|margin/i.test(field.name)),
    )
    expect(numeric.map((field) => field.coordinate)).toEqual(expect.arrayContaining(['Product.listPrice', 'OrderLine.quantity', 'Order.total', 'Customer.id']))
    const proposed = reported.filter((finding) => numeric.some((field) => field.coordinate === finding.field))
    expect(proposed).toEqual([])
  })

  it('reports each finding with its kind, mask, confidence and evidence, and never the data itself', () => {
    const email = reported.find((finding) => finding.field === 'Customer.email')
    expect(email).toMatchObject({ domain: 'customers', column: 'customers.email', kind: 'email', mask: 'email', sdl: { classification: 'pii', mask: 'email' } })
    expect(email?.confidence).toBeGreaterThanOrEqual(0.9)
    // The demo's addresses are first.last.id@example.*: no evidence line may hold one.
    for (const finding of reported) for (const line of finding.evidence) expect(line).not.toMatch(/[a-z]+\.[a-z]+\.\d+@/)
  })

  it('classifies the fields of a subgraph with no database of its own by name, saying so', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['classify', 'marketplace', '--json'], env)
    expect(code).toBe(0)
    expect(stderr).toContain('marketplace: owns no database (it reads the governance store); classified by field names only\n')
    for (const line of stdout.trimEnd().split('\n').filter(Boolean)) {
      const finding = JSON.parse(line) as Reported
      expect(finding.column).toBeNull()
      expect(finding.evidence[0]).toMatch(/^field name "\w+" names /)
    }
  })

  it('prints a table with a status per field and a summary, and with --strict exits 1 exactly when a field is untagged', async () => {
    const { code, stdout } = await runCliInProcess(['classify', 'customers', 'catalog', '--strict'], env)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^field +kind +proposal +confidence +status +in the SDL +evidence$/)
    expect(lines.find((line) => line.startsWith('Customer.email '))?.split(/\s{2,}/).slice(0, 6)).toEqual(['Customer.email', 'email', 'pii, mask email', expect.stringMatching(/^\d\.\d\d$/), 'tagged', 'pii, mask email'])
    const shown = reported.filter((finding) => finding.domain === 'customers' || finding.domain === 'catalog')
    const untagged = shown.filter((finding) => finding.status === 'untagged').length
    expect(lines.at(-1)).toBe(`${shown.length} findings in 2 domains: ${shown.length - untagged} tagged, ${untagged} untagged, 0 differing`)
    expect(code).toBe(untagged > 0 ? 1 : 0)
    const { code: strictOrders } = await runCliInProcess(['classify', 'orders', '--strict'], env)
    expect(strictOrders).toBe(reported.some((finding) => finding.domain === 'orders' && finding.status === 'untagged') ? 1 : 0)
  })

  it('refuses an unknown domain or a bad --sample with one clear line and exit code 2', async () => {
    const unknown = await runCliInProcess(['classify', 'customer'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^datamesh classify: unknown domain customer; the domains are .*customers.* \(datamesh classify --help\)\n$/)
    const sample = await runCliInProcess(['classify', '--sample', '0'], env)
    expect(sample.code).toBe(2)
    expect(sample.stderr).toBe('datamesh classify: --sample must be greater than 0, got 0 (datamesh classify --help)\n')
  })

  it('explains itself with --help', async () => {
    const { code, stdout } = await runCliInProcess(['classify', '--help'], env)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: datamesh classify \[<domain>\.\.\.\] \[--sample <n>\] \[--json\] \[--strict\]\n/)
    for (const option of ['--sample', '--json', '--strict', 'untagged']) expect(stdout).toContain(option)
  })
})
