// The embedded databases are reached by every CLI command whether the mesh runs or not:
// while a service holds a domain's PGlite, the CLI goes through it on a Unix socket only
// its user can reach; when none does, the CLI opens the data directory itself.
import { ANONYMOUS_GRANT, GRANT_HEADER, openDomainDatabase, signGrant, type DomainDatabase } from '@datamesh/kit'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { connectAs, freePort } from '@datamesh/kit/testing'
import { runCli, spawnCli } from './run-cli.js'

const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-data-'))
const { DATABASE_URL: _ignored, CATALOG_DATABASE_URL: _also, ...inherited } = process.env
const gatewaySecret = randomBytes(32).toString('base64url')
const env = { ...inherited, DATAMESH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATAMESH_GATEWAY_SECRET: gatewaySecret }
const ownerPath = join(dataDir, 'catalog', 'owner.json')
const socketPath = join(dataDir, 'catalog', '.s.PGSQL.5432')
let service: ChildProcess | undefined


async function productCount(port: number): Promise<number> {
  const request = JSON.stringify({ query: '{ products(first: 1) { totalCount } }' })
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GRANT_HEADER]: signGrant(ANONYMOUS_GRANT, gatewaySecret, { audience: 'catalog', body: request }) },
    body: request,
  })
  const body = (await response.json()) as { data: { products: { totalCount: number } } }
  return body.data.products.totalCount
}

async function waitForHealth(port: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return
    } catch {
      // still starting
    }
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
  throw new Error('the catalog service did not become ready')
}

async function storedProducts(database: DomainDatabase<any>): Promise<number> {
  const row = await database.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}


afterAll(() => {
  service?.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the embedded catalog database', () => {
  let port: number

  beforeAll(async () => {
    port = await freePort()
    service = spawnCli(['serve', 'catalog'], { ...env, CATALOG_PORT: String(port) })
    await waitForHealth(port)
  })

  it('is seeded with the default demo data on first start', async () => {
    expect(await productCount(port)).toBe(200)
  })

  it('is served on a socket in directories only its user can enter, and on no port', () => {
    expect(JSON.parse(readFileSync(ownerPath, 'utf8'))).toEqual({ pid: service!.pid, role: 'service', command: 'serve catalog', socket: socketPath })
    expect(statSync(socketPath).isSocket()).toBe(true)
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    expect((statSync(join(dataDir, 'catalog')).mode & 0o777).toString(8)).toBe('700')
  })

  // Only root can start a process as another user; the tests run as root here and in CI.
  it.skipIf(process.getuid?.() !== 0)('refuses another local user (nobody) at the socket (needs root)', async () => {
    expect(await connectAs(socketPath, 65534)).toBe('EACCES')
    expect(await connectAs(socketPath)).toBe('connected')
  })

  it('is reseeded by the CLI through the running service', async () => {
    const { code, stdout, stderr } = await runCli(['seed', '--domain', 'catalog', '--scale', '0.5'], env)
    expect(stderr).not.toMatch(/error/i)
    expect(code).toBe(0)
    expect(stdout).toMatch(/catalog: 17 categories, 10 suppliers, 100 products in .* served by serve catalog \(pid \d+\)/)
    expect(await productCount(port)).toBe(100)
  })

  it('is migrated by the CLI through the running service', async () => {
    const { code, stdout } = await runCli(['migrate', '--domain', 'catalog'], env)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^catalog: up to date \(embedded PGlite at .*served by serve catalog/)
  })

  it('keeps a client working across an owner killed and replaced: the same pool reads again', async () => {
    // What the gateway's pool onto the governance store lives through when the supervisor
    // restarts a domain that crashed.
    const client = await openDomainDatabase<any>('catalog', { dataDirectory: dataDir, env: {}, role: 'service' })
    try {
      expect(client.location).toMatch(/served by serve catalog/)
      expect(await storedProducts(client)).toBe(100)

      const killed = new Promise((resolve) => service!.once('exit', resolve))
      service!.kill('SIGKILL')
      await killed
      await expect(storedProducts(client)).rejects.toThrow()
      // The dead owner's record and socket file stay behind for the next owner to clear.
      expect(existsSync(ownerPath) && existsSync(socketPath)).toBe(true)

      service = spawnCli(['serve', 'catalog'], { ...env, CATALOG_PORT: String(port) })
      await waitForHealth(port)
      expect(JSON.parse(readFileSync(ownerPath, 'utf8'))).toMatchObject({ pid: service.pid, socket: socketPath })
      let products: number | undefined
      for (let attempt = 0; products === undefined && attempt < 20; attempt++) {
        products = await storedProducts(client).catch(async () => {
          await sleep(100)
          return undefined
        })
      }
      expect(products).toBe(100)
    } finally {
      await client.close()
    }
  })

  it('is released on a graceful stop and then opened by the CLI itself', async () => {
    const exited = new Promise<number | null>((resolve) => service!.once('exit', (code) => resolve(code)))
    service!.kill('SIGTERM')
    expect(await exited).toBe(0)
    service = undefined
    expect(existsSync(ownerPath)).toBe(false)
    expect(existsSync(socketPath)).toBe(false)
    const { code, stdout } = await runCli(['migrate', '--domain', 'catalog', '--status'], env)
    expect(code).toBe(0)
    expect(stdout).toBe('catalog: 1 applied (0001_create_catalog), 0 pending\n')
    const seeded = await runCli(['seed', '--domain', 'catalog', '--scale', '0.25'], env)
    expect(seeded.stdout).toMatch(/catalog: 17 categories, 5 suppliers, 50 products in .* \(embedded PGlite at [^,]*\)$/m)
  })

  it('survives a holder that died without releasing it', async () => {
    writeFileSync(ownerPath, JSON.stringify({ pid: 2 ** 22 + 12345, role: 'service', command: 'serve catalog', socket: socketPath }))
    const { code, stdout } = await runCli(['migrate', '--domain', 'catalog', '--status'], env)
    expect(code).toBe(0)
    expect(stdout).toContain('1 applied')
    expect(existsSync(ownerPath) ? readFileSync(ownerPath, 'utf8') : '').toBe('')
  })
})
