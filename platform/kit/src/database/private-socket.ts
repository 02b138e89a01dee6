// The only door to an embedded database: PGlite lets whoever connects in as a superuser
// without a password, so its owner serves it on a Unix domain socket in a directory only the
// owning OS user can enter, never on TCP, and file permissions are the lock.
import { chmodSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type pg from 'pg'

// The name `pg` connects to for a socket directory as `host` and this `port`.
export const SOCKET_NAME = '.s.PGSQL.5432'
const SOCKET_PORT = 5432
// sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included, and Node
// truncates a longer path without a word.
const MAX_SOCKET_PATH = 103

export function canConnect(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path: socket })
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

/** Makes `path` a directory only its owner can enter, tightening one this user already has. */
export function privateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const { uid, mode } = statSync(path)
  if (uid === process.getuid?.() && (mode & 0o077) !== 0) chmodSync(path, 0o700)
}

/**
 * Where the owner of `directory` serves it: inside it, so the path is the same after every
 * restart, or, when that is too long for a socket, in a private temporary directory.
 */
export function socketFor(directory: string): string {
  const inside = join(directory, SOCKET_NAME)
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside
  // mkdtemp makes the directory 0700.
  const socket = join(mkdtempSync(join(tmpdir(), 'datamesh-')), SOCKET_NAME)
  if (Buffer.byteLength(socket) <= MAX_SOCKET_PATH) return socket
  rmdirSync(dirname(socket))
  throw new Error(`${directory} is too long a path for a Unix socket, and so is ${tmpdir()}; set TMPDIR to a shorter directory`)
}

/** Removes a socket file and the private temporary directory it had, if it had one. */
export function removeSocket(directory: string, socket: string): void {
  rmSync(socket, { force: true })
  if (dirname(socket) === directory) return
  try {
    rmdirSync(dirname(socket))
  } catch {
    // Already gone, or not empty: then it is not only ours to remove.
  }
}

/** What `pg` needs to reach a socket: its directory as `host` and the port in its name. */
export function socketSettings(socket: string): pg.ClientConfig {
  return { host: dirname(socket), port: SOCKET_PORT, user: 'postgres', database: 'postgres', ssl: false }
}
