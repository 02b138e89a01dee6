// The door to an embedded database: PGlite lets anyone who reaches its socket in as a
// superuser without a password, so these tests pin that only the owning OS user reaches it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDomainDatabase, type DomainDatabase } from '../src/index.js'
import { connectAs } from '../src/testing/index.js'

const { DATABASE_URL: _ignored, ...env } = process.env
const NOBODY = 65534
const isRoot = process.getuid?.() === 0
const opened: DomainDatabase<any>[] = []
const roots: string[] = []

async function open(root: string, role: 'service' | 'cli'): Promise<DomainDatabase<any>> {
  const database = await openDomainDatabase<any>('notes', { dataDirectory: root, env, role })
  opened.push(database)
  return database
}

function dataRoot(...deeper: string[]): string {
  const root = join(mkdtempSync(join(tmpdir(), 'datamesh-socket-')), ...deeper)
  roots.push(root)
  return root
}

function ownerRecord(root: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'notes', 'owner.json'), 'utf8')) as Record<string, unknown>
}

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8)
}


async function count(database: DomainDatabase<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_class`.execute(database.db)
  return rows[0]!.n
}

afterEach(async () => {
  for (const database of opened.splice(0).reverse()) await database.close().catch(() => undefined)
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('an embedded database served to other processes', () => {
  let root: string
  let owner: DomainDatabase<any>

  beforeAll(async () => {
    // A data root and a domain directory that an earlier version left open to everyone.
    root = join(mkdtempSync(join(tmpdir(), 'datamesh-socket-')), '.data')
    mkdirSync(join(root, 'notes'), { recursive: true })
    chmodSync(root, 0o755)
    chmodSync(join(root, 'notes'), 0o755)
    owner = await openDomainDatabase<any>('notes', { dataDirectory: root, env, role: 'service' })
  })
  afterAll(async () => {
    await owner.close()
    rmSync(dirname(root), { recursive: true, force: true })
  })

  it('records its socket and no port or credential in owner.json', () => {
    const record = ownerRecord(root)
    expect(Object.keys(record).sort()).toEqual(['command', 'pid', 'role', 'socket'])
    expect(record).toMatchObject({ pid: process.pid, role: 'service', socket: join(root, 'notes', '.s.PGSQL.5432') })
    expect(statSync(record.socket as string).isSocket()).toBe(true)
  })

  it('makes the data root and the domain directory holding the socket 0700, tightening ones that were open', () => {
    expect(modeOf(root)).toBe('700')
    expect(modeOf(join(root, 'notes'))).toBe('700')
  })

  // Only root can start a process as another user; the tests run as root here and in CI.
  it.skipIf(!isRoot)('refuses another local user (nobody) and lets the owning user in (needs root)', async () => {
    const socket = ownerRecord(root).socket as string
    expect(await connectAs(socket, NOBODY)).toBe('EACCES')
    expect(await connectAs(socket)).toBe('connected')
  })

  it('is reached by a client through the socket with pg', async () => {
    const client = await open(root, 'cli')
    expect(client.location).toMatch(/served by .* \(pid \d+\)$/)
    expect(await count(client)).toBeGreaterThan(100)
  })

  it('takes the socket and owner.json along when the owner closes', async () => {
    await owner.close()
    expect(existsSync(join(root, 'notes', '.s.PGSQL.5432'))).toBe(false)
    expect(existsSync(join(root, 'notes', 'owner.json'))).toBe(false)
  })
})

describe('an embedded database too deep for a socket', () => {
  it('is served from a private temporary directory, and its clients follow the socket when the owner changes', async () => {
    const root = dataRoot('d'.repeat(60), 'e'.repeat(60))
    const first = await open(root, 'service')
    const socket = ownerRecord(root).socket as string
    expect(dirname(dirname(socket))).toBe(tmpdir())
    expect(modeOf(dirname(socket))).toBe('700')
    if (isRoot) expect(await connectAs(socket, NOBODY)).toBe('EACCES')

    const client = await open(root, 'cli')
    const before = await count(client)
    await first.close()
    expect(existsSync(dirname(socket))).toBe(false)
    await expect(count(client)).rejects.toThrow()

    await open(root, 'service')
    const moved = ownerRecord(root).socket as string
    expect(moved).not.toBe(socket)
    expect(await count(client)).toBe(before)
  })
})
