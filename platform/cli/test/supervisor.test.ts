// `datamesh start` keeps the mesh up: a service that dies is started again, after a delay
// that doubles while it keeps dying, and the gateway answers meanwhile with an error naming
// the domain that is down; a domain that appears in the supergraph gets its service, one
// that leaves it loses it; a SIGTERM stops every service, restarting none. Real processes:
// the supervisor over the catalog and the gateway, on free ports, in a fresh data directory,
// serving a supergraph file of its own (DATAMESH_SUPERGRAPH).
import { composeSupergraph, readSupergraph, subgraphsOf } from '@datamesh/gateway'
import { mintDevToken } from '@datamesh/governance'
import { printDomainSdl } from '@datamesh/kit'
import { freePort } from '@datamesh/kit/testing'
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selectDomains } from '../src/mesh/domains.js'
import { spawnCli } from './run-cli.js'

const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-supervisor-'))
const jwtSecret = randomBytes(32).toString('base64url')
// Nothing of the caller's mesh (a DATABASE_URL, ports, subgraph URLs) reaches this one.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|DATAMESH_\w+|\w+_(PORT|DATABASE_URL|SUBGRAPH_URL))$/.test(name)))
const ports: Record<string, number> = {}
let supervisor: ChildProcess
const stdout: string[] = []
const stderr: string[] = []
const seen = new Set<number>()


/** The supervisor's services by name, with their process ids. */
function services(): Map<string, number> {
  let listing = ''
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(supervisor.pid)], { encoding: 'utf8' })
  } catch {
    // ps exits 1 when there are none
  }
  const found = new Map<string, number>()
  for (const line of listing.split('\n')) {
    const match = /^\s*(\d+)\s.*\bserve (\S+)/.exec(line)
    if (match) found.set(match[2]!, Number(match[1]))
  }
  for (const pid of found.values()) seen.add(pid)
  return found
}

/** Resolves once the supervisor has written a stderr line matching `pattern`. */
async function stderrLine(pattern: RegExp): Promise<string> {
  for (;;) {
    const line = stderr.find((candidate) => pattern.test(candidate))
    if (line) return line
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function ask(query: string): Promise<{ data?: any; errors?: any[] }> {
  const token = await mintDevToken({ sub: 'ana', roles: ['analyst'] }, jwtSecret)
  const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  })
  return (await response.json()) as { data?: any; errors?: any[] }
}

/** Asks until the catalog answers through the gateway. */
async function catalogAnswers(): Promise<{ id: string; name: string }> {
  for (;;) {
    try {
      const result = await ask('{ product(id: "1") { id name } }')
      if (result.data?.product) return result.data.product
    } catch {
      // the gateway is not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const PRODUCT = '{ product(id: "1") { id name } }'
const supergraphFile = join(dataDir, 'supergraph.graphql')

/** Writes the supergraph of these domains, as `datamesh compose` would, to the file the mesh serves. */
async function compose(names: readonly string[]): Promise<void> {
  const domains = await selectDomains(names)
  writeFileSync(supergraphFile, composeSupergraph(domains.map((domain) => ({ name: domain.name, url: `http://127.0.0.1:${ports[domain.name]}/graphql`, sdl: printDomainSdl(domain) }))))
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

beforeAll(async () => {
  for (const { name } of subgraphsOf(readSupergraph())) ports[name] = await freePort()
  ports.gateway = await freePort()
  await compose(['catalog'])
  supervisor = spawnCli(['start', '--only', 'catalog,gateway'], {
    ...inherited,
    DATAMESH_DATA_DIR: dataDir,
    DATAMESH_SUPERGRAPH: supergraphFile,
    DATAMESH_GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    DATAMESH_JWT_SECRET: jwtSecret,
    DATAMESH_MASK_KEY: randomBytes(32).toString('base64url'),
    // info: each service logs the signal that stops it.
    LOG_LEVEL: 'info',
    // Every service on a port of its own, the ones not started too: the gateway must never reach another mesh on the default ports.
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)])),
  })
  createInterface({ input: supervisor.stderr! }).on('line', (line) => stderr.push(line))
  createInterface({ input: supervisor.stdout! }).on('line', (line) => stdout.push(line))
})

afterAll(() => {
  if (supervisor.exitCode === null && supervisor.signalCode === null) {
    for (const pid of seen) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    supervisor.kill('SIGKILL')
  }
  rmSync(dataDir, { recursive: true, force: true })
})

describe('datamesh start', () => {
  let product: { id: string; name: string }
  let holder: Server | undefined

  it('serves the catalog through the gateway, on the ports CATALOG_PORT and GATEWAY_PORT give', async () => {
    product = await catalogAnswers()
    expect(product).toMatchObject({ id: '1', name: expect.any(String) })
    expect([...services().keys()].sort()).toEqual(['catalog', 'gateway'])
  }, 240_000)

  it('restarts a domain killed with SIGKILL, saying so, while the gateway answers for it with SUBGRAPH_UNAVAILABLE', async () => {
    const before = services()
    process.kill(before.get('catalog')!, 'SIGKILL')
    expect(await stderrLine(/^catalog +\| exited/)).toMatch(/^catalog +\| exited \(SIGKILL\); restarting in 1 s \(attempt 1\)$/)
    // The port is free until the restart; holding it makes the first restart fail as well.
    holder = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => holder!.listen(ports.catalog, '127.0.0.1', resolve))
    const result = await ask(PRODUCT)
    expect(result.data).toEqual({ product: null })
    expect(result.errors).toHaveLength(1)
    expect(result.errors![0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', domain: 'catalog' } })
    expect(services().get('gateway')).toBe(before.get('gateway'))
  }, 120_000)

  it('waits twice as long after a restart that failed too, then the domain answers through the gateway again', async () => {
    expect(await stderrLine(/^catalog +\| exited \(code/)).toMatch(/^catalog +\| exited \(code 1\); restarting in 2 s \(attempt 2\)$/)
    await new Promise<void>((resolve, reject) => holder!.close((error) => (error ? reject(error) : resolve())))
    expect(await catalogAnswers()).toEqual(product)
    expect(stderr.filter((line) => / restarting in /.test(line))).toHaveLength(2)
  }, 120_000)

  it('starts the service of a domain that appears in the supergraph, and the gateway answers for it once it is up, restarting nothing', async () => {
    const gateway = services().get('gateway')
    await compose(['catalog', 'customers'])
    const customers = await until(() => services().get('customers'))
    expect(await until(() => stdout.find((line) => line.startsWith('customers | the supergraph')))).toBe('customers | the supergraph names customers now: starting its service')
    const customer = await until(async () => (await ask('{ customer(id: "1") { id } }')).data?.customer ?? undefined)
    expect(customer).toEqual({ id: '1' })
    expect((await ask(PRODUCT)).data).toEqual({ product })
    expect([...services().keys()].sort()).toEqual(['catalog', 'customers', 'gateway'])
    expect(services().get('gateway')).toBe(gateway)
    expect(services().get('customers')).toBe(customers)
    expect(stderr.filter((line) => / restarting in /.test(line))).toHaveLength(2)
  }, 240_000)

  it('stops the service of a domain that leaves the supergraph, for good', async () => {
    const customers = services().get('customers')!
    await compose(['catalog'])
    await until(() => (services().has('customers') ? undefined : true))
    expect(await until(() => stdout.find((line) => line.startsWith('customers | the supergraph no longer')))).toBe('customers | the supergraph no longer names customers: stopping its service')
    // Gone for good once the supervisor has reaped it (a zombie still answers signal 0).
    await until(() => {
      try {
        process.kill(customers, 0)
        return undefined
      } catch (error) {
        return (error as NodeJS.ErrnoException).code
      }
    })
    expect(() => process.kill(customers, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    const result = await until(async () => {
      const answer = await ask('{ customer(id: "1") { id } }')
      return answer.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? answer : undefined
    })
    expect(result.data).toBeUndefined()
    expect((await ask(PRODUCT)).data).toEqual({ product })
    expect(stderr.filter((line) => / restarting in /.test(line))).toHaveLength(2)
  }, 60_000)

  it('stops every service on SIGTERM, the gateway first, with exit code 0, restarting nothing', async () => {
    const running = services()
    expect([...running.keys()].sort()).toEqual(['catalog', 'gateway'])
    const exited = once(supervisor, 'exit')
    supervisor.kill('SIGTERM')
    expect(await exited).toEqual([0, null])
    for (const pid of seen) expect(() => process.kill(pid, 0), `process ${pid}`).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    expect(stderr.filter((line) => / restarting in /.test(line))).toHaveLength(2)
    const stopped = (name: string) => stdout.findIndex((line) => new RegExp(`^${name} +\\| .*SIGTERM received, shutting down`).test(line))
    expect(stopped('gateway')).toBeGreaterThanOrEqual(0)
    expect(stopped('catalog')).toBeGreaterThan(stopped('gateway'))
    expect([...stdout, ...stderr].join('\n')).not.toMatch(/shutdown failed/)
  }, 60_000)
})
