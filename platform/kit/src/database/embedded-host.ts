// The embedded default: each domain's PGlite under `.data/<domain>/pgdata`. PGlite lets one
// process open a data directory, so the first process to take `.data/<domain>/owner.json`
// opens it in process and serves it over the Postgres wire protocol on loopback; every
// other process (the CLI while the mesh runs, a second service) connects there with `pg`,
// the same driver it uses for a real server. A service waits while a CLI command holds the
// directory instead of borrowing it, since the CLI will exit soon and take the socket along.
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { PostgresDialect, type Dialect } from 'kysely'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { connect } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PGliteDialect } from './pglite-dialect.js'
import { createPool } from './postgres-server.js'
import { typeParsers } from './type-parsers.js'

export type HolderRole = 'service' | 'cli'

interface OwnerRecord {
  pid: number
  role: HolderRole
  port: number | null
  command: string
}

export interface EmbeddedLease {
  readonly dialect: Dialect
  /** `owner` opened the data directory in this process; `client` reached the owner's socket. */
  readonly access: 'owner' | 'client'
  readonly description: string
  close(): Promise<void>
}

export interface EmbeddedOptions {
  directory: string
  role: HolderRole
  /** How long to wait for another process to release or publish the database. */
  waitMs?: number
  onWait?: (message: string) => void
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function readOwner(path: string): OwnerRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as OwnerRecord
  } catch {
    return undefined
  }
}

function tryTakeOwnership(path: string, record: OwnerRecord): boolean {
  try {
    const fd = openSync(path, 'wx')
    writeFileSync(fd, JSON.stringify(record))
    closeSync(fd)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

// A fresh PGlite runs initdb (seconds); loading an initialised, empty data directory is
// several times faster. The first new database of a machine keeps one under the temporary
// directory, per PGlite version, for every later one (tests start many, a first start six).
const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as { version: string }
).version
const TEMPLATE = join(tmpdir(), `datamesh-pglite-template-${PGLITE_VERSION}.tar`)
let template: Promise<Blob | undefined> | undefined

async function emptyDataDirectory(): Promise<Blob | undefined> {
  try {
    return new Blob([readFileSync(TEMPLATE)])
  } catch {
    const fresh = await PGlite.create()
    try {
      const dump = await fresh.dumpDataDir('none')
      const partial = `${TEMPLATE}.${process.pid}`
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
      renameSync(partial, TEMPLATE)
      return dump
    } finally {
      await fresh.close()
    }
  }
}

function initialisedTemplate(): Promise<Blob | undefined> {
  template ??= emptyDataDirectory().catch(() => undefined)
  return template
}

/** A data directory in memory: no lock, no socket. For tests and throwaway runs. */
export async function openMemoryDatabase(): Promise<EmbeddedLease & { pglite: PGlite }> {
  const loadDataDir = await initialisedTemplate()
  const pglite = await PGlite.create({ parsers: typeParsers, ...(loadDataDir ? { loadDataDir } : {}) })
  return {
    pglite,
    dialect: new PGliteDialect(pglite),
    access: 'owner',
    description: 'embedded PGlite in memory',
    close: () => pglite.close(),
  }
}

async function becomeOwner(directory: string, ownerPath: string, record: OwnerRecord): Promise<EmbeddedLease> {
  let pglite: PGlite | undefined
  let server: PGLiteSocketServer | undefined
  try {
    const dataDir = join(directory, 'pgdata')
    // A new data directory starts from the initialised template instead of running initdb.
    const loadDataDir = existsSync(join(dataDir, 'PG_VERSION')) ? undefined : await initialisedTemplate()
    pglite = await PGlite.create(dataDir, { parsers: typeParsers, ...(loadDataDir ? { loadDataDir } : {}) })
    server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 32 })
    await server.start()
    const port = Number(server.getServerConn().split(':').pop())
    writeFileSync(ownerPath, JSON.stringify({ ...record, port }))
  } catch (error) {
    await server?.stop().catch(() => undefined)
    await pglite?.close().catch(() => undefined)
    rmSync(ownerPath, { force: true })
    throw error
  }
  const opened = pglite
  const socket = server
  let closed = false
  return {
    dialect: new PGliteDialect(opened),
    access: 'owner',
    description: `embedded PGlite at ${directory}`,
    async close() {
      if (closed) return
      closed = true
      await socket.stop()
      await opened.close()
      rmSync(ownerPath, { force: true })
    },
  }
}

function becomeClient(directory: string, owner: OwnerRecord & { port: number }): EmbeddedLease {
  const pool = createPool(`postgres://postgres@127.0.0.1:${owner.port}/postgres`, 4)
  return {
    dialect: new PostgresDialect({ pool }),
    access: 'client',
    description: `embedded PGlite at ${directory}, served by ${owner.command} (pid ${owner.pid})`,
    // The pool belongs to the Kysely built on this dialect; its destroy() ends it.
    close: async () => undefined,
  }
}

/** Opens a domain's embedded database, in process or through the process that holds it. */
export async function leaseEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedLease> {
  const { directory, role } = options
  mkdirSync(directory, { recursive: true })
  const ownerPath = join(directory, 'owner.json')
  const me: OwnerRecord = { pid: process.pid, role, port: null, command: process.argv.slice(2, 4).join(' ') || 'node' }
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  let refusals = 0
  let told = false

  for (;;) {
    if (tryTakeOwnership(ownerPath, me)) return becomeOwner(directory, ownerPath, me)

    const owner = readOwner(ownerPath)
    if (!owner) {
      // Half-written by a process that is starting, or left empty by one that crashed.
      const age = Date.now() - (statSync(ownerPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 5_000) rmSync(ownerPath, { force: true })
    } else if (!isAlive(owner.pid)) {
      rmSync(ownerPath, { force: true })
      continue
    } else if (owner.port !== null && !(role === 'service' && owner.role === 'cli')) {
      if (await canConnect(owner.port)) return becomeClient(directory, { ...owner, port: owner.port })
      // A live pid whose port never answers was reused after a crash.
      if (++refusals >= 10) {
        rmSync(ownerPath, { force: true })
        continue
      }
    } else if (!told) {
      told = true
      options.onWait?.(`waiting for ${owner.command} (pid ${owner.pid}) to ${owner.port === null ? 'open' : 'release'} ${directory}`)
    }

    if (Date.now() > deadline) {
      throw new Error(
        `${directory} is held by ${owner ? `${owner.command} (pid ${owner.pid})` : 'another process'}; stop it or remove ${ownerPath} if no such process runs`,
      )
    }
    await sleep(100)
  }
}
