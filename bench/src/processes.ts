// The bench's child processes: every service it measures runs in a process of its own, so
// its CPU time and peak memory can be read from /proc, and so that no contender shares an
// event loop with another or with the load generator.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)
/** tsx's ESM loader, so entries written in TypeScript run as they are. */
const TSX = require.resolve('tsx')
export const DATAMESH_BIN = fileURLToPath(new URL('../../platform/cli/bin/datamesh.js', import.meta.url))
export const BENCH_SOURCES = fileURLToPath(new URL('.', import.meta.url))

const CLOCK_TICKS_PER_SECOND = 100
const STOP_GRACE_MS = 10_000

export interface ServiceSpec {
  readonly name: string
  /** A TypeScript entry (run with tsx) or the datamesh binary with its arguments. */
  readonly argv: readonly string[]
  readonly env: NodeJS.ProcessEnv
  /** Ready when this answers 200; otherwise when the process prints `READY {json}`. */
  readonly readyUrl?: string
  readonly startTimeoutMs?: number
}

export interface Service {
  readonly name: string
  readonly pid: number
  /** What the process printed after READY, if it did. */
  readonly ready: Record<string, unknown>
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number
  /** The process's peak resident memory so far, in bytes. */
  peakRssBytes(): number
  stop(): Promise<void>
}

function procStat(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may hold spaces; the fields after it are space-separated.
  return text.slice(text.lastIndexOf(')') + 2).split(' ')
}

export function cpuSecondsOf(pid: number): number {
  const fields = procStat(pid)
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

export function peakRssOf(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) * 1024 : 0
}

/** Node flags first, then the entry: the datamesh binary registers tsx itself, a bench entry gets it here. */
function nodeArgv(argv: readonly string[]): string[] {
  const entryAt = argv.findIndex((arg) => !arg.startsWith('--'))
  const flags = argv.slice(0, entryAt)
  const [entry, ...rest] = argv.slice(entryAt)
  return entry === DATAMESH_BIN ? [...flags, entry, ...rest] : [...flags, '--import', TSX, entry!, ...rest]
}

async function untilReady(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Starts a service and resolves once it is ready; rejects with its last output if it dies or hangs. */
export async function startService(spec: ServiceSpec): Promise<Service> {
  const child = spawn(process.execPath, nodeArgv(spec.argv), { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  const remember = (line: string) => {
    output.push(line)
    if (output.length > 30) output.shift()
  }
  let ready: Record<string, unknown> | undefined
  let announced!: () => void
  const announcedReady = new Promise<void>((resolve) => (announced = resolve))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!ready && line.startsWith('READY ')) {
      ready = JSON.parse(line.slice('READY '.length)) as Record<string, unknown>
      announced()
    } else remember(line)
  })
  createInterface({ input: child.stderr! }).on('line', remember)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const timeout = spec.startTimeoutMs ?? 120_000
  const deadline = Date.now() + timeout
  const waiting = spec.readyUrl ? untilReady(spec.readyUrl, child, deadline) : announcedReady
  const outcome = await Promise.race([
    waiting.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout).unref()),
  ])
  if (outcome !== 'ready' || child.exitCode !== null) {
    child.kill('SIGKILL')
    const why = outcome === 'timeout' ? `was not ready after ${timeout / 1000} s` : `exited with ${child.exitCode}`
    throw new Error(`${spec.name} ${why}:\n${output.map((line) => `  ${line}`).join('\n')}`)
  }
  const pid = child.pid!
  let stopped: Promise<void> | undefined
  return {
    name: spec.name,
    pid,
    ready: ready ?? {},
    cpuSeconds: () => cpuSecondsOf(pid),
    peakRssBytes: () => peakRssOf(pid),
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGTERM')
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
        await exited
        clearTimeout(force)
      })()),
  }
}

/** Runs a process to its end (a seed, a refresh), passing its output through a prefix. */
export async function runToEnd(name: string, argv: readonly string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<void> {
  const child = spawn(process.execPath, nodeArgv(argv), { env, stdio: ['ignore', 'pipe', 'pipe'] })
  createInterface({ input: child.stdout! }).on('line', onLine)
  createInterface({ input: child.stderr! }).on('line', onLine)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${name} failed (exit ${code})`)
}
