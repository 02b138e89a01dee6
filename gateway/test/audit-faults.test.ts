// The audit trail under faults, with real processes: the gateway (`datamesh serve gateway`)
// killed with SIGKILL right after answering, and the governance store's owner killed (on
// PGlite, the process owning its data directory; on PostgreSQL, a TCP proxy in front of the
// server, stopped and started) while the gateway keeps serving. Nothing answered goes
// unaudited, nothing is audited twice, and the chain verifies.
import customers from '@datamesh/customers'
import { openGovernanceStore, type GovernanceDatabase } from '@datamesh/governance'
import { dropDatabase, printDomainSdl, repositoryRoot, withDatabase, type DomainDatabase } from '@datamesh/kit'
import { freePort, postGraphQL, startTestSubgraph, TEST_GATEWAY_SECRET, type TestSubgraph } from '@datamesh/kit/testing'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeSupergraph } from '../src/compose.js'
import { GATEWAY_NODE_FLAGS } from '../src/gateway-server.js'
import { TEST_JWT_SECRET } from '../src/testing.js'

const BIN = join(repositoryRoot, 'platform/cli/bin/datamesh.js')
const OWNER = join(repositoryRoot, 'gateway/test/fixtures/governance-owner.ts')
const POSTGRES = process.env.DATABASE_URL
const AUDIT_KEY = randomBytes(32).toString('base64url')
const EMAIL = (name: string) => `query ${name} { customer(id: "1") { email } }`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))


async function until<T>(what: string, probe: () => Promise<T | undefined>, attempts = 600): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    await sleep(100)
  }
  throw new Error(`gave up waiting for ${what}`)
}

interface Service {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

function spawnService(args: readonly string[], env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** A TCP proxy to the PostgreSQL server that can be stopped (every connection cut) and started on the same port. */
class StoreProxy {
  readonly #target: URL
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined
  port = 0

  constructor(target: string) {
    this.#target = new URL(target)
  }

  async start(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = connect(Number(this.#target.port || 5432), this.#target.hostname)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('error', () => undefined)
        socket.on('close', () => this.#sockets.delete(socket))
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    this.#server.listen(this.port, '127.0.0.1')
    await once(this.#server, 'listening')
    this.port = (this.#server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    this.#server = undefined
    if (server) await new Promise((resolve) => server.close(resolve))
  }
}

/** Where the governance store is, and a way to take it away and bring it back. */
interface StoreHost {
  readonly env: NodeJS.ProcessEnv
  open(): Promise<DomainDatabase<GovernanceDatabase>>
  takeAway(): Promise<void>
  bringBack(): Promise<void>
  close(): Promise<void>
}

async function embeddedStore(dataDir: string): Promise<StoreHost> {
  const env = { ...process.env, DATAMESH_DATA_DIR: dataDir }
  let owner: Service | undefined
  const startOwner = async () => {
    owner = spawnService(['--import', 'tsx', OWNER], env)
    await until('the governance store owner', async () => (owner!.output().includes('ready:') ? true : undefined))
  }
  await startOwner()
  return {
    env: {},
    open: () => openGovernanceStore({ dataDirectory: dataDir, role: 'cli', env: {} }),
    async takeAway() {
      owner!.child.kill('SIGKILL')
      await owner!.exited
    },
    bringBack: startOwner,
    async close() {
      owner?.child.kill('SIGTERM')
      await owner?.exited
    },
  }
}

async function serverStore(server: string): Promise<StoreHost> {
  const direct = withDatabase(server, `datamesh_test_audit_faults_${randomBytes(4).toString('hex')}`)
  const proxy = new StoreProxy(server)
  await proxy.start()
  const viaProxy = new URL(direct)
  viaProxy.port = String(proxy.port)
  viaProxy.hostname = '127.0.0.1'
  return {
    env: { GOVERNANCE_DATABASE_URL: viaProxy.toString() },
    open: () => openGovernanceStore({ url: direct }),
    takeAway: () => proxy.stop(),
    bringBack: () => proxy.start(),
    async close() {
      await proxy.stop()
      await dropDatabase(direct)
    },
  }
}

let subgraph: TestSubgraph
let home: string
let supergraphFile: string

beforeAll(async () => {
  subgraph = await startTestSubgraph(customers)
  home = mkdtempSync(join(tmpdir(), 'datamesh-audit-faults-'))
  supergraphFile = join(home, 'supergraph.graphql')
  writeFileSync(supergraphFile, composeSupergraph([{ name: 'customers', url: subgraph.url, sdl: printDomainSdl(customers) }]))
})

afterAll(async () => {
  await subgraph?.stop()
  rmSync(home, { recursive: true, force: true })
})

describe.sequential('the audit trail under faults', () => {
  let store: StoreHost
  let dataDir: string
  let gatewayEnv: NodeJS.ProcessEnv

  beforeAll(async () => {
    dataDir = mkdtempSync(join(home, 'data-'))
    store = POSTGRES ? await serverStore(POSTGRES) : await embeddedStore(dataDir)
    const env = { ...process.env }
    for (const name of Object.keys(env)) if (name.endsWith('DATABASE_URL')) delete env[name]
    gatewayEnv = {
      ...env,
      ...store.env,
      HOST: '127.0.0.1',
      GATEWAY_PORT: String(await freePort()),
      DATAMESH_SUPERGRAPH: supergraphFile,
      CUSTOMERS_SUBGRAPH_URL: subgraph.url,
      DATAMESH_DATA_DIR: dataDir,
      DATAMESH_AUDIT_SPOOL: join(dataDir, 'audit-spool'),
      DATAMESH_GATEWAY_SECRET: TEST_GATEWAY_SECRET,
      DATAMESH_JWT_SECRET: TEST_JWT_SECRET,
      DATAMESH_MASK_KEY: randomBytes(32).toString('base64url'),
      DATAMESH_AUDIT_KEY: AUDIT_KEY,
      LOG_LEVEL: 'info',
    }
  }, 120_000)

  afterAll(async () => {
    await store?.close()
  })

  const url = () => `http://127.0.0.1:${gatewayEnv.GATEWAY_PORT}/graphql`

  async function startGateway(extra: NodeJS.ProcessEnv = {}): Promise<Service> {
    const gateway = spawnService([...GATEWAY_NODE_FLAGS, BIN, 'serve', 'gateway'], { ...gatewayEnv, ...extra })
    await until('the gateway', async () => {
      if (gateway.child.exitCode !== null) throw new Error(`the gateway exited: ${gateway.output()}`)
      return (await fetch(new URL('/health', url()))).ok ? true : undefined
    })
    return gateway
  }

  async function eventsOf(operationName: string): Promise<{ outcome: string; seq: number | null }[]> {
    const opened = await store.open()
    try {
      return await opened.db.selectFrom('audit_events').select(['outcome', 'seq']).where('operation_name', '=', operationName).orderBy('seq').execute()
    } finally {
      await opened.close()
    }
  }

  function verify(): Promise<{ code: number; stdout: string }> {
    const env = { ...gatewayEnv, ...(POSTGRES ? { GOVERNANCE_DATABASE_URL: store.env.GOVERNANCE_DATABASE_URL } : {}) }
    return new Promise((resolve) =>
      execFile(process.execPath, [BIN, 'audit', 'verify'], { env }, (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout })),
    )
  }

  it('loses no answered read when the gateway is killed with SIGKILL right after answering', { timeout: 300_000 }, async () => {
    const name = `KillNine${randomBytes(3).toString('hex')}`
    const N = 50
    let gateway = await startGateway()
    let answered = 0
    for (let wave = 0; wave < N / 10; wave++) {
      const results = await Promise.all(Array.from({ length: 10 }, () => postGraphQL(url(), EMAIL(name))))
      for (const result of results) {
        expect(result.status).toBe(200)
        expect(result.data.customer.email).toMatch(/^.\*\*\*@/)
        answered++
      }
    }
    gateway.child.kill('SIGKILL')
    await gateway.exited
    const atKill = (await eventsOf(name)).length

    gateway = await startGateway()
    const shipped = await until('the spooled events in the store', async () => {
      const events = await eventsOf(name)
      return events.length >= N ? events : undefined
    })
    gateway.child.kill('SIGTERM')
    expect(await gateway.exited).toBe(0)
    expect(gateway.output()).not.toContain('shutdown failed')
    console.info(`kill -9 after ${answered} answered reads: ${atKill} in the store at the kill, ${N - atKill} only in the spool; ${shipped.length} after the restart, ${N - shipped.length} lost`)
    expect(answered).toBe(N)
    expect(shipped).toHaveLength(N)
    expect(new Set(shipped.map((event) => event.seq)).size).toBe(N)
    expect(new Set(shipped.map((event) => event.outcome))).toEqual(new Set(['masked']))

    const verified = await verify()
    expect(verified.stdout).toMatch(/^audit trail intact: 1 chain, \d+ chained events in the store, 0 in the local spool not yet shipped, 0 unchained/)
    expect(verified.code).toBe(0)
  })

  it('refuses reads of classified data while the store is away, and answers and audits them again once it is back', { timeout: 300_000 }, async () => {
    const name = `StoreAway${randomBytes(3).toString('hex')}`
    const gateway = await startGateway()
    const read = () => postGraphQL(url(), EMAIL(name))
    const tally = { answered: 0, refused: 0 }
    const count = (result: Awaited<ReturnType<typeof read>>) => {
      if (result.status === 200) {
        expect(result.data.customer.email).toMatch(/^.\*\*\*@/)
        tally.answered++
      } else {
        expect(result.status).toBe(503)
        expect(result.data).toBeUndefined()
        expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })])
        tally.refused++
      }
      return result.status
    }
    expect(count(await read())).toBe(200)

    await store.takeAway()
    // The first read after the store went may still be answered, durable in the spool; the
    // shipper then finds the store gone, and from then on classified reads are refused.
    await until('a refusal', async () => ((count(await read())) === 503 ? true : undefined), 300)
    for (let index = 0; index < 3; index++) expect(count(await read())).toBe(503)
    // What is not audited is not refused.
    const unclassified = await postGraphQL(url(), `{ customer(id: "1") { country } }`)
    expect(unclassified.status).toBe(200)
    expect(unclassified.data.customer.country).toBeTruthy()

    await store.bringBack()
    await until('an answer', async () => ((count(await read())) === 200 ? true : undefined), 600)
    for (let index = 0; index < 3; index++) expect(count(await read())).toBe(200)

    gateway.child.kill('SIGTERM')
    expect(await gateway.exited).toBe(0)
    expect(gateway.output()).not.toContain('shutdown failed')
    const events = await eventsOf(name)
    console.info(`store away and back: ${tally.answered} reads answered, ${tally.refused} refused; in the store ${events.filter((event) => event.outcome === 'masked').length} masked and ${events.filter((event) => event.outcome === 'rejected').length} rejected events`)
    expect(events.filter((event) => event.outcome === 'masked')).toHaveLength(tally.answered)
    expect(events.filter((event) => event.outcome === 'rejected')).toHaveLength(tally.refused)
    expect(tally.refused).toBeGreaterThanOrEqual(4)

    const verified = await verify()
    expect(verified.stdout).toMatch(/^audit trail intact: 1 chain, /)
    expect(verified.code).toBe(0)
  })

  it('keeps what it answered while the store was away (best-effort) through SIGKILL and SIGTERM, and ships it once the store is back', { timeout: 300_000 }, async () => {
    const name = `BestEffort${randomBytes(3).toString('hex')}`
    const reads = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const result = await postGraphQL(url(), EMAIL(name))
        expect(result.status).toBe(200)
        expect(result.data.customer.email).toMatch(/^.\*\*\*@/)
      }
    }
    let gateway = await startGateway({ DATAMESH_AUDIT: 'best-effort' })
    await store.takeAway()
    await reads(10)
    gateway.child.kill('SIGKILL')
    await gateway.exited

    await store.bringBack()
    gateway = await startGateway({ DATAMESH_AUDIT: 'best-effort' })
    const shipped = await until('the events answered while the store was away', async () => {
      const events = await eventsOf(name)
      return events.length >= 10 ? events : undefined
    })
    expect(shipped).toHaveLength(10)

    // Stopping while the store is away (as when a whole `npm start` process group gets
    // SIGTERM and the store's owner stops first): a clean stop, the events left in the spool.
    await store.takeAway()
    await reads(5)
    gateway.child.kill('SIGTERM')
    expect(await gateway.exited).toBe(0)
    expect(gateway.output()).not.toContain('shutdown failed')
    expect(gateway.output()).toContain('5 audit events stay in the spool')
    await store.bringBack()
    const verified = await verify()
    expect(verified.stdout).toMatch(/^audit trail intact: 1 chain, \d+ chained events in the store, 5 in the local spool not yet shipped, 0 unchained/)
    expect(verified.code).toBe(0)
  })
})
