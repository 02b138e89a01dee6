// The embedded databases are reached by every CLI command whether the mesh runs or not:
// while a service holds a domain's PGlite, the CLI goes through it; when none does, the
// CLI opens the data directory itself.
import { ANONYMOUS_GRANT, GRANT_HEADER, signGrant } from '@datamesh/kit'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { runCli, spawnCli } from './run-cli.js'

const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-data-'))
const { DATABASE_URL: _ignored, CATALOG_DATABASE_URL: _also, ...inherited } = process.env
const gatewaySecret = randomBytes(32).toString('base64url')
const env = { ...inherited, DATAMESH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATAMESH_GATEWAY_SECRET: gatewaySecret }
let service: ChildProcess | undefined

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function productCount(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GRANT_HEADER]: signGrant(ANONYMOUS_GRANT, gatewaySecret) },
    body: JSON.stringify({ query: '{ products(first: 1) { totalCount } }' }),
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

  it('is released on a graceful stop and then opened by the CLI itself', async () => {
    const exited = new Promise<number | null>((resolve) => service!.once('exit', (code) => resolve(code)))
    service!.kill('SIGTERM')
    expect(await exited).toBe(0)
    service = undefined
    expect(existsSync(join(dataDir, 'catalog', 'owner.json'))).toBe(false)
    const { code, stdout } = await runCli(['migrate', '--domain', 'catalog', '--status'], env)
    expect(code).toBe(0)
    expect(stdout).toBe('catalog: 1 applied (0001_create_catalog), 0 pending\n')
    const seeded = await runCli(['seed', '--domain', 'catalog', '--scale', '0.25'], env)
    expect(seeded.stdout).toMatch(/catalog: 17 categories, 5 suppliers, 50 products in .* \(embedded PGlite at [^,]*\)$/m)
  })

  it('survives a holder that died without releasing it', async () => {
    const ownerPath = join(dataDir, 'catalog', 'owner.json')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(ownerPath, JSON.stringify({ pid: 2 ** 22 + 12345, role: 'service', port: 1, command: 'serve catalog' }))
    const { code, stdout } = await runCli(['migrate', '--domain', 'catalog', '--status'], env)
    expect(code).toBe(0)
    expect(stdout).toContain('1 applied')
    expect(existsSync(ownerPath) ? readFileSync(ownerPath, 'utf8') : '').toBe('')
  })
})
