// Runs the mesh as one process per service (each domain, then the gateway) and prefixes
// their output with the service name. A service that dies is started again, after a delay
// that doubles while it keeps dying, and the others keep running: the gateway answers
// meanwhile with the data of the domains that are up and a SUBGRAPH_UNAVAILABLE error
// naming the one that is not. A service can be added while the mesh runs (a domain that
// appeared in the supergraph) and taken away (one that left it): that one is stopped and
// not restarted. Ctrl-C or SIGTERM stops them all, in order.
import { GATEWAY_NODE_FLAGS } from '@datamesh/gateway'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/datamesh.js', import.meta.url))
const STOP_GRACE_MS = 15_000
const FIRST_RESTART_DELAY_MS = 1_000
const MAX_RESTART_DELAY_MS = 30_000
/** A service that ran this long before it died was healthy: its next restart waits the first delay again. */
const HEALTHY_RUN_MS = 60_000

export interface MeshHandle {
  /** Resolves with the exit code once every service has stopped. */
  readonly finished: Promise<number>
  /** The services supervised now (running, or waiting for a restart). */
  services(): string[]
  /** Starts supervising one more service; false when it is supervised already or the mesh is stopping. */
  add(name: string): boolean
  /** Stops a service for good (no restart); resolves once it has exited, false when it was not supervised. */
  remove(name: string): Promise<boolean>
  stop(): Promise<number>
}

function pipeLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`))
}

/** The delay before the n-th restart in a row (n from 1): 1 s, 2 s, 4 s ... at most 30 s. */
function restartDelay(attempt: number): number {
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** (attempt - 1), MAX_RESTART_DELAY_MS)
}

export function runServices(names: readonly string[], env: NodeJS.ProcessEnv = process.env): MeshHandle {
  let width = Math.max(...names.map((name) => name.length))
  const children = new Map<string, ChildProcess>()
  const restarts = new Map<string, NodeJS.Timeout>()
  /** Services being removed: their exit is not followed by a restart. */
  const removing = new Map<string, () => void>()
  let stopping = false
  let exitCode = 0
  let resolveFinished!: (code: number) => void
  const finished = new Promise<number>((resolve) => (resolveFinished = resolve))
  const settle = () => {
    if (stopping && children.size === 0) resolveFinished(exitCode)
  }

  // The gateway stops first and the domains after it: its last audit and latency writes go
  // to a store a domain process may be serving (the governance store, under PGlite).
  const stopAll = (): Promise<number> => {
    if (!stopping) {
      stopping = true
      for (const timer of restarts.values()) clearTimeout(timer)
      restarts.clear()
      const force = setTimeout(() => {
        for (const child of children.values()) child.kill('SIGKILL')
      }, STOP_GRACE_MS)
      force.unref()
      const gateway = children.get('gateway')
      const stopDomains = () => {
        for (const child of children.values()) child.kill('SIGTERM')
      }
      if (gateway) {
        gateway.once('exit', stopDomains)
        gateway.kill('SIGTERM')
      } else stopDomains()
      settle()
    }
    return finished
  }

  // `attempt` counts the restarts in a row: 0 for the first start.
  const start = (name: string, attempt: number) => {
    const child = spawn(process.execPath, [...(name === 'gateway' ? GATEWAY_NODE_FLAGS : []), BIN, 'serve', name], {
      env: { ...env, LOG_FORMAT: env.LOG_FORMAT ?? 'pretty', FORCE_COLOR: process.stdout.isTTY ? '1' : '0', DATAMESH_SUPERVISED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const started = performance.now()
    const prefix = `${name.padEnd(width)} | `
    pipeLines(child.stdout!, prefix, process.stdout)
    pipeLines(child.stderr!, prefix, process.stderr)
    children.set(name, child)
    child.on('exit', (code, signal) => {
      children.delete(name)
      const removed = removing.get(name)
      if (removed) {
        removing.delete(name)
        removed()
        settle()
        return
      }
      if (stopping) {
        // Stopped by a signal (SIGINT reaches a service still starting) is a clean stop; a failed shutdown or the forced kill is not.
        if ((code !== null && code !== 0) || signal === 'SIGKILL') exitCode = 1
        settle()
        return
      }
      const next = performance.now() - started >= HEALTHY_RUN_MS ? 1 : attempt + 1
      const delay = restartDelay(next)
      process.stderr.write(`${prefix}exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (attempt ${next})\n`)
      restarts.set(
        name,
        setTimeout(() => {
          restarts.delete(name)
          start(name, next)
        }, delay),
      )
    })
  }

  const add = (name: string): boolean => {
    if (stopping || children.has(name) || restarts.has(name)) return false
    width = Math.max(width, name.length)
    start(name, 0)
    return true
  }

  const remove = (name: string): Promise<boolean> => {
    const pending = restarts.get(name)
    if (pending) {
      clearTimeout(pending)
      restarts.delete(name)
      return Promise.resolve(true)
    }
    const child = children.get(name)
    if (!child || stopping) return Promise.resolve(false)
    if (removing.has(name)) return new Promise((resolve) => child.once('exit', () => resolve(true)))
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      force.unref()
      removing.set(name, () => {
        clearTimeout(force)
        resolve(true)
      })
      child.kill('SIGTERM')
    })
  }

  for (const name of names) start(name, 0)
  // Whatever ends this process, no service outlives it.
  process.once('exit', () => {
    for (const child of children.values()) child.kill('SIGTERM')
  })
  return { finished, services: () => [...new Set([...children.keys(), ...restarts.keys()])].filter((name) => !removing.has(name)), add, remove, stop: stopAll }
}

/** Runs a one-off datamesh command beside the services, its output prefixed; resolves with its exit code. */
export function runJob(args: readonly string[], label: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = `${label} | `
  pipeLines(child.stdout!, prefix, process.stdout)
  pipeLines(child.stderr!, prefix, process.stderr)
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
}

/** Polls `url` until it answers 200, or gives up after `timeoutMs`. */
export async function waitUntilReady(url: string, timeoutMs: number, stillRunning: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && stillRunning()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}
