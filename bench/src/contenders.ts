// Who is measured: the DataMesh gateway with governance on and off, bare @apollo/gateway,
// Hive Gateway and Hive Gateway with its Rust query planner, each in its own process over
// the same subgraphs and supergraph; and, for single-domain operations, the owning
// subgraph queried directly (the floor no gateway can beat).
import { mintDevToken } from '@datamesh/governance'
import { GATEWAY_NODE_FLAGS } from '@datamesh/gateway'
import { meshSecret } from '@datamesh/kit'
import { join } from 'node:path'
import type { GatewayContender } from './options.js'
import { BENCH_PURPOSE, BENCH_SUBJECT } from './grant.js'
import { BENCH_SOURCES, DATAMESH_BIN, startService, type Service } from './processes.js'

export type ContenderId = GatewayContender | 'subgraph'
/** The contender every other is compared with. */
export const BASELINE: ContenderId = 'apollo-gateway'

export const CONTENDER_LABELS: Readonly<Record<ContenderId, string>> = {
  datamesh: 'DataMesh, governance on',
  'datamesh-open': 'DataMesh, governance off',
  'apollo-gateway': '@apollo/gateway 2.14 (bare)',
  'hive-gateway': 'Hive Gateway',
  'hive-router': 'Hive Gateway + Rust planner',
  subgraph: 'owning subgraph, direct',
}

export interface Target {
  readonly id: ContenderId
  readonly url: string
  /** The process whose CPU and memory are reported. */
  readonly service: Service
  /** Headers for each load run. */
  headers(): Promise<Record<string, string>>
  /** A subgraph asked directly: every request carries a grant signed for its subgraph and its body. */
  readonly signedFor?: SignedCalls
}

export interface SignedCalls {
  readonly subgraph: string
  readonly secret: string
}

export interface ContenderSetup {
  readonly supergraphFile: string
  /** The environment of the mesh (or of the public workload): data directory, keys. */
  readonly env: NodeJS.ProcessEnv
  /** Whether the subgraphs require the DataMesh grant header. */
  readonly signedSubgraphs: boolean
}

/** The bench subject's bearer token and declared purpose, for the DataMesh gateway. */
async function subjectHeaders(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const token = await mintDevToken({ ...BENCH_SUBJECT, expiresIn: '2h' }, meshSecret('jwt', env))
  return { authorization: `Bearer ${token}`, 'x-datamesh-purpose': BENCH_PURPOSE }
}

/** @apollo/gateway (ours included) reports usage to Apollo unless told not to; nobody phones home in a benchmark. */
const QUIET = { APOLLO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }

export async function startContender(id: GatewayContender, port: number, setup: ContenderSetup): Promise<Target> {
  const url = `http://127.0.0.1:${port}/graphql`
  if (id === 'datamesh' || id === 'datamesh-open') {
    const env = {
      ...setup.env,
      DATAMESH_SUPERGRAPH: setup.supergraphFile,
      GATEWAY_PORT: String(port),
      DATAMESH_GOVERNANCE: id === 'datamesh' ? 'on' : 'off',
      LOG_LEVEL: 'warn',
      ...QUIET,
    }
    // Started as `datamesh start` starts it: the same binary, the same Node flags.
    const service = await startService({ name: id, argv: [...GATEWAY_NODE_FLAGS, DATAMESH_BIN, 'serve', 'gateway'], env, readyUrl: `http://127.0.0.1:${port}/health` })
    const headers = await subjectHeaders(env)
    return { id, url, service, headers: async () => headers }
  }
  const env = { ...setup.env, ...QUIET, ...(setup.signedSubgraphs ? { BENCH_SIGN_GRANTS: '1' } : {}) }
  const entry = join(BENCH_SOURCES, 'contenders', `${id}.ts`)
  const service = await startService({ name: id, argv: [entry, '--supergraph', setup.supergraphFile, '--port', String(port)], env })
  return { id, url, service, headers: async () => ({}) }
}

/** The owning subgraph as its own contender: each request asked with the grant the gateway would sign for it. */
export function subgraphTarget(subgraph: string, url: string, service: Service, env: NodeJS.ProcessEnv): Target {
  return { id: 'subgraph', url, service, headers: async () => ({}), signedFor: { subgraph, secret: meshSecret('gateway', env) } }
}
