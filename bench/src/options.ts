// The bench's options, parsed into its settings: what `npm run bench` and `datamesh bench`
// accept. Kept free of heavy imports, so the CLI can show the help without loading the bench.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { BenchSettings } from './run.js'

export const GATEWAY_CONTENDERS = ['datamesh', 'datamesh-open', 'apollo-gateway', 'hive-gateway', 'hive-router'] as const
export type GatewayContender = (typeof GATEWAY_CONTENDERS)[number]
export const MESH_OPERATION_IDS = ['orders-10', 'orders-100', 'customer', 'products-10', 'products-100', 'orders-only-100'] as const
const QUICK_OPERATIONS = ['orders-10', 'orders-only-100']

export const BENCH_OPTIONS = {
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  seconds: { type: 'string' },
  connections: { type: 'string' },
  only: { type: 'string', multiple: true },
  workload: { type: 'string', multiple: true },
  scale: { type: 'string', multiple: true },
  'ingest-rows': { type: 'string' },
  postgres: { type: 'string' },
  out: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

export const BENCH_HELP = `Usage: npm run bench -- [options]    (or: npx datamesh bench [options])

Measures the DataMesh gateway side by side with bare @apollo/gateway, Hive Gateway and
Hive Gateway with its Rust query planner, over the same subgraphs and supergraph, on
this machine's loopback:

  public  the public gateway benchmark's workload (graphql-hive/graphql-gateways-benchmark):
          four memoising subgraphs and its TestQuery, about 88 KB an answer
  mesh    the mesh's own operations over the demo domains at scale 1 (PGlite), with the
          owning subgraph queried directly as the floor for a single-domain operation
  scale   the paginated operations through the governed gateway at data scales 1, 10
          and 100, on PGlite and (with --postgres or DATABASE_URL) on PostgreSQL; each
          scale is seeded once and kept under .data/bench/ for later runs
  ingest  \`datamesh ingest\` of a customers CSV of a million rows (and of a tenth of
          it, to show memory does not grow with the file) on PGlite and PostgreSQL:
          rows/s and the ingest process's peak RSS

Every contender runs in its own process; autocannon drives each in turn (A B A B) for
several rounds after a warm-up, in a process of its own. The table shows medians of the
rounds, the ratio to bare @apollo/gateway, the CPU the contender used and its peak RSS,
then whether each performance target is met. Results go to bench/results/<run>.json
and .md: full or quick, followed by the workloads and contenders of a partial run
(full-ingest for --workload ingest), which leaves the whole run's results as they are.
Exits 1 when a contender failed requests.

Options:
  --quick              under 3 minutes: 2 rounds of 2 s, two mesh operations, no scale or
                       ingest runs
  --rounds <n>         rounds per contender and operation (quick 2, full 3)
  --seconds <n>        seconds of load per round (quick 2, full 5)
  --connections <n>    concurrent connections (default 50)
  --only <contender>   run only these contenders (repeat or comma-separate):
                       ${GATEWAY_CONTENDERS.join(', ')}
  --workload <name>    run only these workloads: public, mesh, scale, ingest
  --scale <n>          data scales for the scale runs (default 1,10,100)
  --ingest-rows <n>    rows of the ingest workload's file (default 1000000)
  --postgres <url>     a PostgreSQL server for the scale and ingest runs (default DATABASE_URL;
                       databases datamesh_bench_s<scale>_<domain> are created on it)
  --out <dir>          where results are written (default bench/results)
  --port <n>           first of the ports the bench uses (default 5200; it uses 60)`

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean)
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`)
  return number
}

/**
 * What a run is called, and so its results files: `full` or `quick` for the whole bench, and
 * the workloads and contenders after it for a part, so that running one workload never
 * overwrites the results of a whole run (`full-ingest`, `full-public-datamesh`).
 */
function runName(mode: BenchSettings['mode'], workloads: readonly string[], contenders: readonly string[]): string {
  return [mode, ...workloads, ...contenders].join('-')
}

export function settingsFrom(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { settings: BenchSettings; out: string; name: string } | 'help' {
  const { values } = parseArgs({ args: [...argv], options: BENCH_OPTIONS, strict: true })
  if (values.help) return 'help'
  const quick = values.quick === true
  const only = list(values.only)
  for (const name of only) if (!GATEWAY_CONTENDERS.includes(name as GatewayContender)) throw new Error(`unknown contender "${name}"; the contenders are ${GATEWAY_CONTENDERS.join(', ')}`)
  const workloads = list(values.workload)
  for (const name of workloads) if (!['public', 'mesh', 'scale', 'ingest'].includes(name)) throw new Error(`unknown workload "${name}"; the workloads are public, mesh, scale, ingest`)
  const wants = (workload: string) => workloads.length === 0 || workloads.includes(workload)
  const scales = list(values.scale).map((value) => positive(value, 'scale')!)
  const postgresUrl = values.postgres ?? env.DATABASE_URL
  if (postgresUrl && !/^postgres(ql)?:\/\//.test(postgresUrl)) throw new Error(`--postgres must be a postgres:// URL, got "${postgresUrl}"`)
  const engines: BenchSettings['engines'][number][] = ['pglite', ...(postgresUrl ? (['postgres'] as const) : [])]
  const settings: BenchSettings = {
    mode: quick ? 'quick' : 'full',
    rounds: positive(values.rounds, 'rounds') ?? (quick ? 2 : 3),
    seconds: positive(values.seconds, 'seconds') ?? (quick ? 2 : 5),
    warmupSeconds: quick ? 1 : 3,
    connections: positive(values.connections, 'connections') ?? 50,
    scaleConnections: 10,
    publicWorkload: wants('public'),
    meshOperations: wants('mesh') ? (quick ? QUICK_OPERATIONS : [...MESH_OPERATION_IDS]) : [],
    scales: wants('scale') && !(quick && workloads.length === 0) ? (scales.length ? scales : [1, 10, 100]) : [],
    ingestRows: wants('ingest') && !(quick && workloads.length === 0) ? (positive(values['ingest-rows'], 'ingest-rows') ?? 1_000_000) : 0,
    engines,
    postgresUrl,
    contenders: only.length ? (only as GatewayContender[]) : [...GATEWAY_CONTENDERS],
    basePort: positive(values.port, 'port') ?? 5200,
  }
  return { settings, out: resolve(values.out ?? fileURLToPath(new URL('../results', import.meta.url))), name: runName(settings.mode, workloads, only) }
}

