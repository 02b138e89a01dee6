// The embedded default: each domain's PGlite under `.data/<domain>/pgdata`. PGlite lets one
// process open a data directory, so the first process to take `.data/<domain>/owner.json`
// opens it in process and serves it over the Postgres wire protocol on a Unix domain socket,
// `.data/<domain>/.s.PGSQL.5432`; every other process (the CLI while the mesh runs, the
// gateway writing the governance store) connects there with `pg`, the same driver it uses
// for a real server. File permissions are the only lock (private-socket.ts): the data root
// and each domain's directory are 0700, nothing listens on TCP, and owner.json names no port
// or credential. A service waits while a CLI command holds the directory instead of
// borrowing it, since the CLI will exit soon and take the socket along.
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { PostgresDialect, type Dialect } from 'kysely'
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { isAlive } from '../service/process.js'
import { PGliteDialect } from './pglite-dialect.js'
import { createPool } from './postgres-server.js'
import { canConnect, privateDirectory, removeSocket, SOCKET_NAME, socketFor, socketSettings } from './private-socket.js'
import { typeParsers } from './type-parsers.js'

export type HolderRole = 'service' | 'cli'

interface OwnerRecord {
  pid: number
  role: HolderRole
  command: string
  /** Where the owner serves the database; null while it opens it. */
  socket: string | null
}

export interface EmbeddedLease {
  readonly dialect: Dialect
  /** `owner` opened the data directory in this process; `client` reached the owner's socket. */
  readonly access: 'owner' | 'client'
  readonly description: string
  close(): Promise<void>
}

export interface EmbeddedOptions {
  /** The data root (`.data/`); the domain's database lives in `<root>/<domain>/`. */
  root: string
  domain: string
  role: HolderRole
  /** How long to wait for another process to release or publish the database. */
  waitMs?: number
  onWait?: (message: string) => void
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

/**
 * A command (ingest, migrate, seed) holds the database for one pass over its data, while the
 * operating system caches the files anyway: PostgreSQL's own 128 MB of shared buffers would
 * only double that cache inside the WebAssembly heap, which never shrinks. 16 MB takes about
 * 110 MB off a million-row ingest's peak RSS and loads no slower (npm run bench, ingest).
 */
function startParamsFor(role: HolderRole): string[] | undefined {
  return role === 'cli' ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] : undefined
}

/** `stale` is the socket of a dead owner this process found, to clear away with its directory. */
async function becomeOwner(directory: string, ownerPath: string, record: OwnerRecord, stale: string | undefined): Promise<EmbeddedLease> {
  let pglite: PGlite | undefined
  let server: PGLiteSocketServer | undefined
  let socket: string | undefined
  try {
    // A killed owner leaves its socket file behind, and binding over it fails; only now that
    // owner.json is ours is it surely nobody's.
    removeSocket(directory, join(directory, SOCKET_NAME))
    if (stale) removeSocket(directory, stale)
    const dataDir = join(directory, 'pgdata')
    // A new data directory starts from the initialised template instead of running initdb.
    const loadDataDir = existsSync(join(dataDir, 'PG_VERSION')) ? undefined : await initialisedTemplate()
    const startParams = startParamsFor(record.role)
    pglite = await PGlite.create(dataDir, { parsers: typeParsers, ...(startParams ? { startParams } : {}), ...(loadDataDir ? { loadDataDir } : {}) })
    socket = socketFor(directory)
    server = new PGLiteSocketServer({ db: pglite, path: socket, maxConnections: 32 })
    await server.start()
    writeFileSync(ownerPath, JSON.stringify({ ...record, socket }))
  } catch (error) {
    await server?.stop().catch(() => undefined)
    await pglite?.close().catch(() => undefined)
    if (socket) removeSocket(directory, socket)
    rmSync(ownerPath, { force: true })
    throw error
  }
  const opened = pglite
  const listening = server
  const served = socket
  let closed = false
  return {
    dialect: new PGliteDialect(opened),
    access: 'owner',
    description: `embedded PGlite at ${directory}`,
    async close() {
      if (closed) return
      closed = true
      await listening.stop()
      await opened.close()
      removeSocket(directory, served)
      rmSync(ownerPath, { force: true })
    },
  }
}

function becomeClient(directory: string, ownerPath: string, owner: OwnerRecord & { socket: string }): EmbeddedLease {
  let socket = owner.socket
  // Each new connection asks owner.json where the owner serves: the pool then follows an
  // owner that was killed and replaced, even one whose socket is in a temporary directory.
  const pool = createPool(() => {
    socket = readOwner(ownerPath)?.socket ?? socket
    return socketSettings(socket)
  }, 4)
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
  const { role } = options
  // A relative socket directory would be a host name to `pg`.
  const root = resolve(options.root)
  const directory = join(root, options.domain)
  privateDirectory(root)
  privateDirectory(directory)
  const ownerPath = join(directory, 'owner.json')
  const me: OwnerRecord = { pid: process.pid, role, command: process.argv.slice(2, 4).join(' ') || 'node', socket: null }
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  let refusals = 0
  let told = false
  let stale: string | undefined

  for (;;) {
    if (tryTakeOwnership(ownerPath, me)) return becomeOwner(directory, ownerPath, me, stale)

    const owner = readOwner(ownerPath)
    if (!owner) {
      // Half-written by a process that is starting, or left empty by one that crashed.
      const age = Date.now() - (statSync(ownerPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 5_000) rmSync(ownerPath, { force: true })
    } else if (!isAlive(owner.pid)) {
      stale = owner.socket ?? stale
      rmSync(ownerPath, { force: true })
      continue
    } else if (owner.socket && !(role === 'service' && owner.role === 'cli')) {
      if (await canConnect(owner.socket)) return becomeClient(directory, ownerPath, { ...owner, socket: owner.socket })
      // A live pid whose socket never answers was reused after a crash.
      if (++refusals >= 10) {
        stale = owner.socket
        rmSync(ownerPath, { force: true })
        continue
      }
    } else if (!told) {
      told = true
      options.onWait?.(`waiting for ${owner.command} (pid ${owner.pid}) to ${owner.socket ? 'release' : 'open'} ${directory}`)
    }

    if (Date.now() > deadline) {
      throw new Error(
        `${directory} is held by ${owner ? `${owner.command} (pid ${owner.pid})` : 'another process'}; stop it or remove ${ownerPath} if no such process runs`,
      )
    }
    await sleep(100)
  }
}
