// Load, driven by autocannon in a process of its own (closed loop: each connection sends
// its next request when the last answer arrived), so the load generator never competes
// with the contender for its event loop.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Grant } from '@datamesh/kit/grant'

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url))

export interface LoadRequest {
  readonly url: string
  /** Request bodies, sent in turn (one body: every request alike). */
  readonly bodies: readonly string[]
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly seconds: number
  /** Sign each request's grant for this subgraph and its body (a subgraph asked directly accepts nothing else). */
  readonly grant?: { readonly subgraph: string; readonly secret: string; readonly claims: Grant }
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

interface WorkerResult {
  requests: number
  duration: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
}

export async function drive(load: LoadRequest): Promise<LoadResult> {
  // Signing needs the kit's grant module, TypeScript: only then does the worker load tsx.
  const child = spawn(process.execPath, [...(load.grant ? ['--import', 'tsx'] : []), WORKER], { stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdin.end(JSON.stringify({ ...load, headers: { 'content-type': 'application/json', ...load.headers } }))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const line = stdout.trim().split('\n').pop()
  if (code !== 0 || !line) throw new Error(`the load generator failed (exit ${code}): ${stderr.trim().slice(-500)}`)
  const result = JSON.parse(line) as WorkerResult
  return {
    requests: result.requests,
    requestsPerSecond: result.requests / result.duration,
    p50Ms: result.p50,
    p99Ms: result.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }
}
