// One bench run: each workload's contenders started side by side, checked to answer alike,
// then loaded in turn (A B A B ...) for several rounds, so that drift in the machine
// (thermal, other processes) touches every contender alike.
import { join } from 'node:path'
import { mkdirSync, statSync } from 'node:fs'
import { dataDirectory, GRANT_HEADER, signGrant } from '@datamesh/kit'
import { BASELINE, startContender, subgraphTarget, type ContenderId, type Target } from './contenders.js'
import type { GatewayContender } from './options.js'
import { BENCH_GRANT } from './grant.js'
import { drive, type LoadResult } from './load.js'
import { customersCsv, measureIngest, type IngestMeasurement } from './ingest.js'
import { dataLabel, MESH_DOMAINS, refreshAnalytics, startMesh, type Engine, type MeshData } from './mesh.js'
import { BENCH_SOURCES, startService } from './processes.js'
import { checkAnswers, type Answer } from './verify.js'
import { MESH_OPERATIONS, PUBLIC_OPERATION, requestBodies, VARIANTS, SCALE_OPERATIONS, type Operation } from './workloads.js'

export interface BenchSettings {
  readonly mode: 'quick' | 'full'
  readonly rounds: number
  /** Seconds of load per measurement; the first round of each is preceded by a warm-up. */
  readonly seconds: number
  readonly warmupSeconds: number
  /** Concurrent connections for throughput (the public benchmark's 50 users). */
  readonly connections: number
  readonly publicWorkload: boolean
  /** Concurrent connections for the scale runs, which measure latency. */
  readonly scaleConnections: number
  readonly meshOperations: readonly string[]
  readonly scales: readonly number[]
  /** Rows of the ingest workload's file; 0 leaves it out. */
  readonly ingestRows: number
  readonly engines: readonly Engine[]
  readonly postgresUrl: string | undefined
  readonly contenders: readonly GatewayContender[]
  readonly basePort: number
}

export interface Measurement {
  readonly workload: 'public' | 'mesh' | 'scale'
  readonly data: string
  readonly operation: string
  readonly contender: ContenderId
  readonly rounds: readonly LoadResult[]
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Cores the contender's process used while loaded (1 = one core busy). */
  readonly cpuCores: number
  readonly peakRssMb: number
  readonly failures: number
  readonly responseBytes: number
}

export interface BenchResults {
  readonly settings: BenchSettings
  readonly measurements: Measurement[]
  readonly ingest: IngestMeasurement[]
  /** The DataMesh gateway's policy evaluation time per request, from its /metrics. */
  policyEvaluation: { p50Ms: number; p99Ms: number; count: number } | undefined
  readonly notes: string[]
}

export type Log = (line: string) => void

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Asks the operation's first variant, or the one given. */
async function ask(target: Target, operation: Operation, scale: number, variant = 0): Promise<Answer> {
  const body = requestBodies(operation, scale)[variant]!
  const signed: Record<string, string> = target.signedFor ? { [GRANT_HEADER]: signGrant(BENCH_GRANT, target.signedFor.secret, { audience: target.signedFor.subgraph, body }) } : {}
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await target.headers()), ...signed },
    body,
  })
  const text = await response.text()
  return { contender: target.id, status: response.status, text }
}

interface Slot {
  readonly target: Target
  readonly operation: Operation
  readonly scale: number
  readonly results: LoadResult[]
  cpuSeconds: number
  responseBytes: number
}

/** Loads every slot in turn for the given rounds; each slot's first run is preceded by a warm-up. */
async function alternate(slots: readonly Slot[], settings: BenchSettings, connections: number, log: Log): Promise<void> {
  for (let round = 1; round <= settings.rounds; round++) {
    for (const slot of slots) {
      const { target, operation } = slot
      const load = {
        url: target.url,
        bodies: requestBodies(operation, slot.scale),
        headers: await target.headers(),
        connections,
        ...(target.signedFor ? { grant: { ...target.signedFor, claims: BENCH_GRANT } } : {}),
      }
      if (round === 1 && settings.warmupSeconds > 0) await drive({ ...load, seconds: settings.warmupSeconds })
      const before = target.service.cpuSeconds()
      const result = await drive({ ...load, seconds: settings.seconds })
      slot.cpuSeconds += target.service.cpuSeconds() - before
      slot.results.push(result)
      const failures = result.non2xx + result.errors + result.timeouts
      log(
        `  round ${round}/${settings.rounds}  ${operation.id.padEnd(16)} ${target.id.padEnd(15)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${failures ? `  ${failures} FAILED` : ''}`,
      )
    }
  }
}

function measurements(workload: Measurement['workload'], data: string, slots: readonly Slot[]): Measurement[] {
  return slots.map((slot) => {
    const seconds = slot.results.reduce((sum, result) => sum + result.seconds, 0)
    return {
      workload,
      data,
      operation: slot.operation.id,
      contender: slot.target.id,
      rounds: slot.results,
      requestsPerSecond: median(slot.results.map((result) => result.requestsPerSecond)),
      p50Ms: median(slot.results.map((result) => result.p50Ms)),
      p99Ms: median(slot.results.map((result) => result.p99Ms)),
      cpuCores: seconds ? slot.cpuSeconds / seconds : 0,
      peakRssMb: slot.target.service.peakRssBytes() / 2 ** 20,
      failures: slot.results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0),
      responseBytes: slot.responseBytes,
    }
  })
}

async function startContenders(ids: readonly GatewayContender[], settings: BenchSettings, offset: number, setup: Parameters<typeof startContender>[2], log: Log): Promise<Target[]> {
  log(`starting ${ids.join(', ')}`)
  const started = await Promise.allSettled(ids.map((id, index) => startContender(id, settings.basePort + offset + index, setup)))
  const targets = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  const failed = started.find((outcome) => outcome.status === 'rejected')
  if (failed) {
    await Promise.all(targets.map((target) => target.service.stop()))
    throw (failed as PromiseRejectedResult).reason
  }
  return targets
}

/** The workload of graphql-hive's public gateway benchmark, reproduced in Node. */
async function publicWorkload(settings: BenchSettings, results: BenchResults, log: Log): Promise<void> {
  log('\n== the public gateway benchmark’s workload (TestQuery)')
  const directory = join(dataDirectory(), 'bench', 'public')
  mkdirSync(directory, { recursive: true })
  const supergraphFile = join(directory, 'supergraph.graphql')
  // Its lists carry no sizes (the public schema has no @listSize), so the gateway's cost
  // estimate would assume ten of everything and refuse TestQuery; every other limit holds.
  const env: NodeJS.ProcessEnv = { ...process.env, DATAMESH_DATA_DIR: directory, LOG_LEVEL: 'warn', DATAMESH_MAX_COST: 'off' }
  delete env.DATABASE_URL
  const subgraphs = await startService({
    name: 'public subgraphs',
    argv: [join(BENCH_SOURCES, 'public', 'serve.ts'), '--base-port', String(settings.basePort + 40), '--supergraph-out', supergraphFile],
    env,
  })
  const targets: Target[] = []
  try {
    targets.push(...(await startContenders(settings.contenders, settings, 0, { supergraphFile, env, signedSubgraphs: false }, log)))
    const answers = await Promise.all(targets.map((target) => ask(target, PUBLIC_OPERATION, 1)))
    const check = checkAnswers(answers, { governed: [] })
    for (const line of check.lines) log(`  ${line}`)
    const slots: Slot[] = targets.map((target) => ({ target, operation: PUBLIC_OPERATION, scale: 1, results: [], cpuSeconds: 0, responseBytes: check.bytes[target.id] ?? 0 }))
    await alternate(slots, settings, settings.connections, log)
    results.measurements.push(...measurements('public', 'static', slots))
  } finally {
    await Promise.all(targets.map((target) => target.service.stop()))
    await subgraphs.stop()
  }
}

async function policyEvaluation(target: Target): Promise<BenchResults['policyEvaluation']> {
  const text = await (await fetch(new URL('/metrics', target.url))).text()
  const quantile = (q: string) => Number(new RegExp(`^datamesh_policy_evaluation_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000
  const count = Number(/^datamesh_policy_evaluation_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0)
  return count ? { p50Ms: quantile('0.5'), p99Ms: quantile('0.99'), count } : undefined
}

/** The mesh's own operations at scale 1, through every contender. */
async function meshWorkload(settings: BenchSettings, results: BenchResults, log: Log): Promise<void> {
  const data: MeshData = { engine: 'pglite', scale: 1 }
  log(`\n== the mesh’s workload (${dataLabel(data)})`)
  const mesh = await startMesh(data, settings.basePort + 20, log)
  const targets: Target[] = []
  try {
    targets.push(...(await startContenders(settings.contenders, settings, 0, { supergraphFile: mesh.supergraphFile, env: mesh.env, signedSubgraphs: true }, log)))
    const operations = MESH_OPERATIONS.filter((operation) => settings.meshOperations.includes(operation.id))
    const governed = targets.find((target) => target.id === 'datamesh')
    if (operations.some((operation) => operation.id === 'customer') && governed) await refreshAnalytics(mesh, governed.url, log)
    const slots: Slot[] = []
    for (const operation of operations) {
      const operationTargets = [...targets]
      if (operation.singleDomain) {
        const index = MESH_DOMAINS.indexOf(operation.singleDomain as (typeof MESH_DOMAINS)[number])
        operationTargets.push(subgraphTarget(operation.singleDomain, mesh.urls[operation.singleDomain]!, mesh.services[index]!, mesh.env))
      }
      // The first and the last variant: every contender must answer both alike.
      log(`  ${operation.id}:`)
      let check!: ReturnType<typeof checkAnswers>
      for (const variant of [0, VARIANTS - 1]) {
        check = checkAnswers(await Promise.all(operationTargets.map((target) => ask(target, operation, data.scale, variant))), { governed: ['datamesh'] })
        for (const line of check.lines) log(`    variant ${variant + 1}: ${line}`)
      }
      slots.push(...operationTargets.map((target) => ({ target, operation, scale: data.scale, results: [], cpuSeconds: 0, responseBytes: check.bytes[target.id] ?? 0 })))
    }
    // A B A B by operation: every contender gets each operation before the next operation.
    for (const operation of operations) await alternate(slots.filter((slot) => slot.operation === operation), settings, settings.connections, log)
    results.measurements.push(...measurements('mesh', dataLabel(data), slots))
    if (governed) results.policyEvaluation = await policyEvaluation(governed)
  } finally {
    await Promise.all(targets.map((target) => target.service.stop()))
    await mesh.stop()
  }
}

/** The paginated operations through the governed gateway as the data grows. */
async function scaleWorkload(settings: BenchSettings, results: BenchResults, log: Log): Promise<void> {
  const operations = MESH_OPERATIONS.filter((operation) => SCALE_OPERATIONS.includes(operation.id))
  for (const engine of settings.engines) {
    for (const scale of settings.scales) {
      const data: MeshData = { engine, scale, ...(engine === 'postgres' ? { postgresUrl: settings.postgresUrl! } : {}) }
      log(`\n== scale: ${dataLabel(data)}`)
      const mesh = await startMesh(data, settings.basePort + 20, log)
      const targets: Target[] = []
      try {
        targets.push(...(await startContenders(['datamesh'], settings, 0, { supergraphFile: mesh.supergraphFile, env: mesh.env, signedSubgraphs: true }, log)))
        const slots: Slot[] = []
        for (const operation of operations) {
          const check = checkAnswers([await ask(targets[0]!, operation, scale, VARIANTS - 1)], { governed: ['datamesh'] })
          for (const line of check.lines) log(`  ${operation.id} (its last page): ${line}`)
          slots.push({ target: targets[0]!, operation, scale, results: [], cpuSeconds: 0, responseBytes: check.bytes.datamesh ?? 0 })
        }
        for (const slot of slots) await alternate([slot], settings, settings.scaleConnections, log)
        results.measurements.push(...measurements('scale', dataLabel(data), slots))
      } finally {
        await Promise.all(targets.map((target) => target.service.stop()))
        await mesh.stop()
      }
    }
  }
}

/** `datamesh ingest` of the customers file, and of a tenth of it, on every engine. */
async function ingestWorkload(settings: BenchSettings, results: BenchResults, log: Log): Promise<void> {
  const sizes = [Math.max(1, Math.round(settings.ingestRows / 10)), settings.ingestRows]
  for (const rows of sizes) {
    log(`\n== ingest: ${rows.toLocaleString('en-US')} customers from CSV`)
    const file = await customersCsv(rows)
    for (const engine of settings.engines) {
      results.ingest.push(await measureIngest(engine, file, rows, statSync(file).size, settings.postgresUrl, log))
    }
  }
}

export async function runBench(settings: BenchSettings, log: Log): Promise<BenchResults> {
  const results: BenchResults = { settings, measurements: [], ingest: [], policyEvaluation: undefined, notes: [] }
  if (!settings.contenders.includes(BASELINE as GatewayContender)) results.notes.push(`${BASELINE} was not run: ratios are not shown`)
  if (settings.contenders.length) {
    if (settings.publicWorkload) await publicWorkload(settings, results, log)
    if (settings.meshOperations.length) await meshWorkload(settings, results, log)
  }
  if (settings.scales.length && settings.engines.length) await scaleWorkload(settings, results, log)
  if (settings.ingestRows) await ingestWorkload(settings, results, log)
  return results
}
