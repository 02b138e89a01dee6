// Load, driven by autocannon in a process of its own (closed loop: each connection sends
// its next request when the last answer arrived), so the load generator never competes
// with the contender for its event loop.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js')
const bodies = mkdtempSync(join(tmpdir(), 'datamesh-bench-'))
let bodyCount = 0

export interface LoadRequest {
  readonly url: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly seconds: number
}

export interface LoadResult {
  readonly requests: number
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly seconds: number
}

interface AutocannonJson {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  non2xx: number
  errors: number
  timeouts: number
  duration: number
}

export async function drive(load: LoadRequest): Promise<LoadResult> {
  const input = join(bodies, `body-${++bodyCount}.json`)
  writeFileSync(input, load.body)
  const argv = [AUTOCANNON, '--json', '-n', '-c', String(load.connections), '-d', String(load.seconds), '-m', 'POST', '-i', input, '-t', '30']
  for (const [name, value] of Object.entries({ 'content-type': 'application/json', ...load.headers })) argv.push('-H', `${name}=${value}`)
  argv.push(load.url)
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const line = stdout.trim().split('\n').pop()
  if (code !== 0 || !line) throw new Error(`autocannon failed (exit ${code}): ${stderr.trim().slice(-500)}`)
  const result = JSON.parse(line) as AutocannonJson
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }
}
