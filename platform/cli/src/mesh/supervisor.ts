// Runs the mesh as one process per service (each domain, then the gateway), prefixes
// their output with the service name, and stops them all together: on Ctrl-C, on SIGTERM,
// or when any one of them dies.
import { GATEWAY_NODE_FLAGS } from '@datamesh/gateway'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/datamesh.js', import.meta.url))
const STOP_GRACE_MS = 15_000

export interface MeshHandle {
  /** Resolves with the exit code once every service has stopped. */
  readonly finished: Promise<number>
  stop(): Promise<number>
}

function pipeLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`))
}

export function runServices(names: readonly string[], env: NodeJS.ProcessEnv = process.env): MeshHandle {
  const width = Math.max(...names.map((name) => name.length))
  const children = new Map<string, ChildProcess>()
  let stopping = false
  let exitCode = 0
  let resolveFinished!: (code: number) => void
  const finished = new Promise<number>((resolve) => (resolveFinished = resolve))

  // The gateway stops first and the domains after it: its last audit and latency writes go
  // to a store a domain process may be serving (the governance store, under PGlite).
  const stopAll = (): Promise<number> => {
    if (!stopping) {
      stopping = true
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
    }
    return finished
  }

  for (const name of names) {
    const child = spawn(process.execPath, [...(name === 'gateway' ? GATEWAY_NODE_FLAGS : []), BIN, 'serve', name], {
      env: { ...env, LOG_FORMAT: env.LOG_FORMAT ?? 'pretty', FORCE_COLOR: process.stdout.isTTY ? '1' : '0', DATAMESH_SUPERVISED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const prefix = `${name.padEnd(width)} | `
    pipeLines(child.stdout!, prefix, process.stdout)
    pipeLines(child.stderr!, prefix, process.stderr)
    children.set(name, child)
    child.on('exit', (code, signal) => {
      children.delete(name)
      if (!stopping) {
        process.stderr.write(`${prefix}exited (${signal ?? `code ${code}`}); stopping the mesh\n`)
        exitCode = 1
        void stopAll()
      }
      if (children.size === 0) resolveFinished(exitCode)
    })
  }
  return { finished, stop: stopAll }
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
