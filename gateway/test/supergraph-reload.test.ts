// The running gateway takes a new domain without a restart: it watches its supergraph
// file, and on a change (or SIGHUP, or `reload`) builds the next generation beside the
// serving one and swaps it in whole. A request in flight finishes on the supergraph it
// started on; a supergraph that is no supergraph, or that the governance lint refuses, is
// refused with a log line and the old one keeps serving. Real subgraphs, a real gateway,
// a real file and a real signal; waits count events, never time.
import catalog, { policies as catalogPolicies } from '@datamesh/catalog'
import { definePolicy, deny, allow, mintDevToken, type Policy } from '@datamesh/governance'
import { printDomainSdl, type DomainDefinition } from '@datamesh/kit'
import { postGraphQL, startTestSubgraph, TEST_GATEWAY_SECRET, type TestSubgraph } from '@datamesh/kit/testing'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeSupergraph, reloadOnSignal, startGateway, supergraphHash, type RunningGateway } from '../src/index.js'
import { directory } from './fixtures/directory-domain.js'
import { gate, gateDomain } from './fixtures/gate-domain.js'

const JWT_SECRET = randomBytes(32).toString('base64url')
const folder = mkdtempSync(join(tmpdir(), 'datamesh-reload-'))
const file = join(folder, 'supergraph.graphql')
const lines: any[] = []
const subgraphs: Record<string, TestSubgraph> = {}
/** What the gateway's loadPolicies answers: the test adds a domain's policies as the domain arrives. */
const domainPolicies: Policy[] = [...catalogPolicies]
let gateway: RunningGateway
let analyst: Record<string, string>

/** The supergraph of these domains at their test subgraphs; `edit` changes a domain's SDL first. */
function supergraphOf(domains: readonly DomainDefinition<any, any>[], edit: (name: string, sdl: string) => string = (_, sdl) => sdl): string {
  return composeSupergraph(domains.map((domain) => ({ name: domain.name, url: subgraphs[domain.name]!.url, sdl: edit(domain.name, printDomainSdl(domain)) })))
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function metrics(): Promise<string> {
  return (await fetch(new URL('/metrics', gateway.url))).text()
}

async function reloads(result: 'applied' | 'unchanged' | 'refused'): Promise<number> {
  const match = new RegExp(`^datamesh_supergraph_reloads_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(await metrics())
  return Number(match?.[1])
}

async function generations(): Promise<number> {
  return Number(/^datamesh_supergraph_generations (\d+)$/m.exec(await metrics())?.[1])
}

/** Writes the file and waits until the gateway has counted one more reload with `result`. */
async function write(text: string, result: 'applied' | 'unchanged' | 'refused'): Promise<void> {
  const before = await reloads(result)
  writeFileSync(file, text)
  await until(async () => (await reloads(result)) > before)
}

const ask = (query: string) => postGraphQL(gateway.url, query, undefined, analyst)
const PEOPLE = '{ people { name email } }'

beforeAll(async () => {
  const domains: DomainDefinition<any, any>[] = [catalog, directory, gateDomain]
  for (const domain of domains) subgraphs[domain.name] = await startTestSubgraph(domain)
  writeFileSync(file, supergraphOf([catalog, gateDomain]))
  gateway = await startGateway({
    supergraphFile: file,
    loadPolicies: async () => [...domainPolicies],
    port: 0,
    host: '127.0.0.1',
    env: {},
    logger: pino({ level: 'info' }, new Writable({ write: (chunk, _, done) => (lines.push(...String(chunk).trim().split('\n').map((line) => JSON.parse(line))), done()) })),
    governance: { audit: false },
    secrets: { jwt: JWT_SECRET, gateway: TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key' },
  })
  analyst = { authorization: `Bearer ${await mintDevToken({ sub: 'ana', roles: ['analyst'] }, JWT_SECRET)}` }
})

afterAll(async () => {
  gate.open()
  await gateway?.stop()
  await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.stop()))
  rmSync(folder, { recursive: true, force: true })
})

describe('a gateway watching its supergraph file', () => {
  it('serves a new domain once the file names it, masked by its own rules, on the same port and without a restart', async () => {
    const before = await ask(PEOPLE)
    expect(before.status).toBe(400)
    expect(before.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    const { url } = gateway

    const withDirectory = supergraphOf([catalog, gateDomain, directory])
    await write(withDirectory, 'applied')

    expect(gateway.url).toBe(url)
    expect(gateway.supergraph.hash).toBe(supergraphHash(withDirectory))
    expect(gateway.supergraph.subgraphs.map(({ name }) => name).sort()).toEqual(['catalog', 'directory', 'gate'])
    const after = await ask(PEOPLE)
    expect(after.errors).toBeUndefined()
    expect(after.data.people.map((person: any) => person.email)).toEqual(['j***@example.com', 'c***@agency.example', 'o***@example.com', null, 'm***@freelance.example'])
    expect((await ask('{ product(id: "1") { id } }')).data).toEqual({ product: { id: '1' } })
    expect(lines.filter((line) => /^supergraph reloaded/.test(line.msg))).toEqual([
      expect.objectContaining({ level: 30, hash: supergraphHash(withDirectory), added: ['directory'], removed: [], msg: `supergraph reloaded (${supergraphHash(withDirectory).slice(0, 12)}): +directory` }),
    ])
  })

  it('names the served supergraph in GET /ready and GET /metrics', async () => {
    const { hash } = gateway.supergraph
    const ready = (await (await fetch(new URL('/ready', gateway.url))).json()) as any
    expect(ready.status).toBe('ready')
    expect(ready.checks.supergraph).toEqual({ ok: true, hash, loadedAt: gateway.supergraph.loadedAt.toISOString() })
    expect(ready.checks.directory).toEqual({ ok: true })
    const text = await metrics()
    expect(text.match(/^datamesh_supergraph_loaded_timestamp_seconds\{.*$/gm)).toEqual([
      `datamesh_supergraph_loaded_timestamp_seconds{hash="${hash}"} ${gateway.supergraph.loadedAt.getTime() / 1000}`,
    ])
    expect(await reloads('applied')).toBe(1)
    expect(await generations()).toBe(1)
  })

  it('changes nothing when the file is touched or rewritten with the same text', async () => {
    const { hash } = gateway.supergraph
    const applied = await reloads('applied')
    const unchanged = await reloads('unchanged')
    utimesSync(file, new Date(), new Date())
    await until(async () => (await reloads('unchanged')) === unchanged + 1)
    await write(supergraphOf([catalog, gateDomain, directory]), 'unchanged')
    expect(await reloads('unchanged')).toBe(unchanged + 2)
    expect(await reloads('applied')).toBe(applied)
    expect(gateway.supergraph.hash).toBe(hash)
  })

  it('refuses a supergraph the governance lint refuses (a pii field with no access rule), logs why, and keeps serving the old one', async () => {
    const { hash } = gateway.supergraph
    const unruled = supergraphOf([catalog, gateDomain, directory], (name, sdl) => (name === 'directory' ? sdl.replaceAll(' @mask(strategy: "email")', '') : sdl))
    await write(unruled, 'refused')
    expect(gateway.supergraph.hash).toBe(hash)
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      hash: supergraphHash(unruled),
      check: 'governance',
      msg: expect.stringMatching(new RegExp(`^supergraph refused \\(governance\\): \\w+\\.email: .*\\[classified-needs-rule\\] \\(and \\d+ more\\); still serving ${hash.slice(0, 12)}$`)),
    })
    const still = await ask(PEOPLE)
    expect(still.data.people[0]).toEqual({ name: 'Jane Doe', email: 'j***@example.com' })
  })

  it('refuses a file that is no supergraph, logs why, and keeps serving the old one', async () => {
    const { hash } = gateway.supergraph
    await write('type Query { oops', 'refused')
    expect(gateway.supergraph.hash).toBe(hash)
    expect(lines.at(-1)).toMatchObject({ level: 50, check: 'supergraph', msg: expect.stringMatching(/^supergraph refused \(supergraph\): Syntax Error: .*; still serving /) })
    expect((await ask(PEOPLE)).data.people).toHaveLength(5)
  })

  it('finishes a request in flight on the supergraph it started on, and stops that one once it has answered', async () => {
    const product = (await ask('{ product(id: "1") { id name } }')).data.product
    // The held request calls the catalog after the swap, through the old generation.
    const inFlight = ask('{ held { id name } }')
    await until(() => gate.entered === 1)
    const withoutGate = supergraphOf([catalog, directory])
    await write(withoutGate, 'applied')
    expect(gateway.supergraph.hash).toBe(supergraphHash(withoutGate))
    expect(lines.at(-1)).toMatchObject({ added: [], removed: ['gate'] })
    // The old generation still runs the held request; new requests no longer know the field.
    expect(await generations()).toBe(2)
    const refused = await ask('{ held { id } }')
    expect(refused.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/"held"/) })
    gate.open()
    const answered = await inFlight
    expect(answered.errors).toBeUndefined()
    expect(answered.data).toEqual({ held: product })
    expect(gate.entered).toBe(1)
    await until(async () => (await generations()) === 1)
  })
})

describe('a reload on SIGHUP or through reload()', () => {
  const HR_ONLY = 'directory.hr-only'
  const hrOnly = definePolicy({
    name: HR_ONLY,
    description: 'Agencies are for HR only.',
    evaluate: ({ subject }) => (subject.roles.has('hr') ? allow() : deny('agencies are for HR')),
  })
  /** The directory with its agencies under a policy of the directory domain. */
  const governedAgencies = () =>
    supergraphOf([catalog, directory], (name, sdl) =>
      name === 'directory' ? sdl.replace('"@composeDirective"]', '"@composeDirective", "@policy"]').replace(/(\n\s+agency: String)/, `$1 @policy(policies: [["${HR_ONLY}"]])`) : sdl,
    )

  it('refuses a supergraph naming a policy no domain defines, then serves it on SIGHUP once the domain brings that policy', async () => {
    const { hash } = gateway.supergraph
    const sdl = governedAgencies()
    expect(sdl).toContain(`@policy(policies: [["${HR_ONLY}"]])`)
    await write(sdl, 'refused')
    expect(gateway.supergraph.hash).toBe(hash)
    expect(lines.at(-1)).toMatchObject({ check: 'governance', msg: expect.stringContaining(`Contractor.agency: @policy names "${HR_ONLY}", which no global or domain policy defines [known-policy]`) })

    domainPolicies.push(hrOnly)
    const stopListening = reloadOnSignal(gateway)
    try {
      const applied = await reloads('applied')
      process.kill(process.pid, 'SIGHUP')
      await until(async () => (await reloads('applied')) === applied + 1)
    } finally {
      stopListening()
    }
    expect(gateway.supergraph.hash).toBe(supergraphHash(sdl))
    const result = await ask('{ people { name ... on Contractor { agency } } }')
    expect(result.data.people[1]).toEqual({ name: 'Carl Smith', agency: null })
    expect(result.errors).toEqual([expect.objectContaining({ path: ['people', 1, 'agency'], extensions: expect.objectContaining({ code: 'FORBIDDEN', coordinate: 'Contractor.agency', directive: '@policy' }) })])
  })

  it('answers reload() with what it did: unchanged, refused with the check that failed, or applied with the subgraphs it changed', async () => {
    expect(await gateway.reload()).toEqual({ result: 'unchanged', hash: gateway.supergraph.hash })
    const refused = await gateway.reload('{')
    expect(refused).toMatchObject({ result: 'refused', check: 'supergraph', hash: supergraphHash('{') })
    const withGate = supergraphOf([catalog, directory, gateDomain])
    expect(await gateway.reload(withGate)).toMatchObject({ result: 'applied', hash: supergraphHash(withGate), added: ['gate'], removed: [] })
    expect((await ask('{ held { id } }')).data).toEqual({ held: { id: '1' } })
  })
})
