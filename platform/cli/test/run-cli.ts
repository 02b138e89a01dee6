// Runs the real `datamesh` binary in a child process, as a user would.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../bin/datamesh.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** The binary to run: another copy's (a repository copy finds its own root from it). */
  bin?: string
  cwd?: string
  timeout?: number
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env, { bin = BIN, cwd, timeout = 120_000 }: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Runs the CLI's `main` inside the test process, with `env` as the environment and its
 * output captured: the same code path as the binary without starting a process and
 * loading the mesh again for each call. A few tests still run the real binary.
 */
export async function runCliInProcess(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const { main } = await import('../src/main.js')
  const savedEnv = { ...process.env }
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name]
  Object.assign(process.env, env)
  const stdout: string[] = []
  const stderr: string[] = []
  const sink =
    (into: string[]) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      into.push(String(chunk))
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined
      done?.()
      return true
    }
  const line = (into: string[]) => (...parts: unknown[]) => void into.push(`${parts.map(String).join(' ')}\n`)
  const saved = { out: process.stdout.write, err: process.stderr.write, tty: process.stderr.isTTY, log: console.log, error: console.error, warn: console.warn }
  process.stdout.write = sink(stdout) as typeof process.stdout.write
  process.stderr.write = sink(stderr) as typeof process.stderr.write
  process.stderr.isTTY = false
  console.log = line(stdout)
  console.error = line(stderr)
  console.warn = line(stderr)
  try {
    const code = await main(args)
    return { code, stdout: stdout.join(''), stderr: stderr.join('') }
  } finally {
    process.stdout.write = saved.out
    process.stderr.write = saved.err
    process.stderr.isTTY = saved.tty
    console.log = saved.log
    console.error = saved.error
    console.warn = saved.warn
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name]
    Object.assign(process.env, savedEnv)
  }
}
