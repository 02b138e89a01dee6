// The mesh under the bench: every domain as its own subgraph process over its own
// database (PGlite under .data/bench/, or databases datamesh_bench_s<scale>_<domain> on a
// PostgreSQL server), seeded once per scale and kept between runs: the generator is
// deterministic, so the same scale always holds the same rows.
import { executableSupergraph, readSupergraph } from '@datamesh/gateway'
import { dataDirectory, withDatabase } from '@datamesh/kit'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATAMESH_BIN, runToEnd, startService, type Service } from './processes.js'

export const MESH_DOMAINS = ['customers', 'catalog', 'orders', 'fulfillment', 'analytics', 'marketplace'] as const
/** Bump when the generator's output changes, so cached bench data is seeded again. */
const DATA_VERSION = 1

export type Engine = 'pglite' | 'postgres'

export interface MeshData {
  readonly engine: Engine
  readonly scale: number
  /** The server for the postgres engine. */
  readonly postgresUrl?: string
}

export function dataLabel(data: MeshData): string {
  return `${data.engine} scale ${data.scale}`
}

export interface RunningMesh {
  readonly data: MeshData
  /** The environment every process of this mesh runs with (data, keys, ports, URLs). */
  readonly env: NodeJS.ProcessEnv
  readonly urls: Readonly<Record<string, string>>
  /** The committed supergraph, routed to these subgraphs and loadable by any gateway. */
  readonly supergraphFile: string
  readonly services: readonly Service[]
  stop(): Promise<void>
}

function meshEnvironment(data: MeshData, basePort: number, directory: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATAMESH_DATA_DIR: directory, LOG_LEVEL: 'warn', NODE_ENV: 'production' }
  delete env.DATABASE_URL
  MESH_DOMAINS.forEach((domain, index) => {
    const variable = domain.toUpperCase()
    env[`${variable}_PORT`] = String(basePort + index)
    env[`${variable}_SUBGRAPH_URL`] = `http://127.0.0.1:${basePort + index}/graphql`
    delete env[`${variable}_DATABASE_URL`]
    if (data.engine === 'postgres') env[`${variable}_DATABASE_URL`] = withDatabase(data.postgresUrl!, `datamesh_bench_s${data.scale}_${domain}`)
  })
  if (data.engine === 'postgres') env.GOVERNANCE_DATABASE_URL = withDatabase(data.postgresUrl!, `datamesh_bench_s${data.scale}_governance`)
  return env
}

/** The supergraph routed to the bench's ports, with the SECURITY marks no other gateway accepts removed. */
function writeSupergraph(directory: string, urls: Readonly<Record<string, string>>): string {
  let sdl = executableSupergraph(readSupergraph())
  for (const [name, url] of Object.entries(urls)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`)
  }
  const file = join(directory, 'supergraph.graphql')
  writeFileSync(file, sdl)
  return file
}

/** Seeds the bench data for a scale unless a run already did; returns the mesh's environment. */
export async function prepareMeshData(data: MeshData, basePort: number, log: (line: string) => void): Promise<NodeJS.ProcessEnv> {
  const directory = join(dataDirectory(), 'bench', `${data.engine}-s${data.scale}`)
  mkdirSync(directory, { recursive: true })
  const env = meshEnvironment(data, basePort, directory)
  const marker = join(directory, 'seeded.json')
  const wanted = JSON.stringify({ version: DATA_VERSION, scale: data.scale, server: data.postgresUrl ? new URL(data.postgresUrl).host : null })
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return env
  log(`seeding ${dataLabel(data)} (once; kept under ${directory} for later runs)`)
  const started = performance.now()
  await runToEnd('datamesh seed', [DATAMESH_BIN, 'seed', '--scale', String(data.scale)], env, (line) => log(`  ${line}`))
  writeFileSync(marker, wanted)
  log(`seeded ${dataLabel(data)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return env
}

export async function startMesh(data: MeshData, basePort: number, log: (line: string) => void): Promise<RunningMesh> {
  const env = await prepareMeshData(data, basePort, log)
  const urls = Object.fromEntries(MESH_DOMAINS.map((domain) => [domain, env[`${domain.toUpperCase()}_SUBGRAPH_URL`]!]))
  const services: Service[] = []
  try {
    // One at a time: each migrates its database on start, and PGlite hands its directory
    // to the first process that opens it.
    for (const domain of MESH_DOMAINS) {
      services.push(
        await startService({
          name: `${domain} subgraph`,
          argv: [DATAMESH_BIN, 'serve', domain],
          env,
          readyUrl: `http://127.0.0.1:${env[`${domain.toUpperCase()}_PORT`]}/ready`,
          startTimeoutMs: 300_000,
        }),
      )
    }
  } catch (error) {
    await Promise.all(services.map((service) => service.stop()))
    throw error
  }
  return {
    data,
    env,
    urls,
    supergraphFile: writeSupergraph(env.DATAMESH_DATA_DIR!, urls),
    services,
    stop: async () => {
      await Promise.all(services.map((service) => service.stop()))
    },
  }
}

/** Computes the analytics features through a gateway, unless this data already has them. */
export async function refreshAnalytics(mesh: RunningMesh, gatewayUrl: string, log: (line: string) => void): Promise<void> {
  await runToEnd('datamesh analytics refresh', [DATAMESH_BIN, 'analytics', 'refresh', '--if-empty', '--gateway-url', gatewayUrl], mesh.env, (line) =>
    log(`  ${line}`),
  )
}
